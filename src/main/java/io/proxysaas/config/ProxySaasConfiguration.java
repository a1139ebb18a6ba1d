package io.proxysaas.config;

import io.proxysaas.access.AccessModule;
import io.proxysaas.access.SlowHashCheck;
import io.proxysaas.api.AdminApiModule;
import io.proxysaas.api.CustomerApiModule;
import io.proxysaas.enforce.EnforceModule;
import io.proxysaas.observe.ObserveModule;
import io.proxysaas.pool.PoolModule;
import io.proxysaas.relay.RelayModule;
import io.proxysaas.security.PasswordHasher;
import io.proxysaas.state.StateModule;
import io.proxysaas.store.StoreModule;
import io.proxysaas.usage.UsageModule;
import java.util.List;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The one place where the product is wired: installs each capability's {@link Module} in
 * dependency order (store, state, access, pool, relay, APIs).
 */
public class ProxySaasConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        for (Module module : modules()) {
            module.install(context, settings);
        }
    }

    static List<Module> modules() {
        return List.of(
                new StoreModule(),
                new StateModule(),
                (context, settings) -> context.getRegistry().bind("slowHashCheck", SlowHashCheck.class,
                        (SlowHashCheck) PasswordHasher::verify),
                new EnforceModule(),
                new AccessModule(),
                new ObserveModule(),
                new PoolModule(),
                new RelayModule(),
                new UsageModule(),
                new AdminApiModule(),
                new CustomerApiModule());
    }
}
