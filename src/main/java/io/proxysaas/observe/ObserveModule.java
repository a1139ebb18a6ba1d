package io.proxysaas.observe;

import io.proxysaas.config.Module;
import io.proxysaas.config.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

/** Binds the access log as the relay's {@link ConnectionObserver}; its queued lines are written when Camel stops. */
public final class ObserveModule implements Module {

    @Override
    public void install(CamelContext context, Settings settings) {
        AccessLog log = new AccessLog();
        context.getRegistry().bind("accessLog", ConnectionObserver.class, log);
        try {
            context.addService(new Closer(log), true, true);
        } catch (Exception e) {
            throw new IllegalStateException("could not register the access log with Camel", e);
        }
    }

    /** Camel stops services after the routes, so the lines of connections closed by the shutdown are written too. */
    private static final class Closer extends ServiceSupport {
        private final AccessLog log;

        Closer(AccessLog log) {
            this.log = log;
        }

        @Override
        protected void doStop() {
            log.close();
        }
    }
}
