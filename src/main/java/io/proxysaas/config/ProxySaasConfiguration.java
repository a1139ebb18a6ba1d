package io.proxysaas.config;

import java.util.List;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The one place where the product is wired: installs each capability's {@link Module} in
 * dependency order (store before state before access before pool/relay before APIs).
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
        return List.of();
    }
}
