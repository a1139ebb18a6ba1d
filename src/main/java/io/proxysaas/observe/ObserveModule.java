package io.proxysaas.observe;

import io.proxysaas.config.Module;
import io.proxysaas.config.Settings;
import org.apache.camel.CamelContext;

/** Binds the access log as the relay's {@link ConnectionObserver}. */
public final class ObserveModule implements Module {

    @Override
    public void install(CamelContext context, Settings settings) {
        context.getRegistry().bind("accessLog", ConnectionObserver.class, new AccessLog());
    }
}
