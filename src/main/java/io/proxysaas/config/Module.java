package io.proxysaas.config;

import org.apache.camel.CamelContext;

/**
 * One capability's wiring: creates its beans, binds them into Camel's registry and may add
 * routes. Modules are installed in dependency order by {@link ProxySaasConfiguration}; a module
 * finds the beans of earlier modules with {@code context.getRegistry().findSingleByType(...)}.
 */
public interface Module {

    void install(CamelContext context, Settings settings) throws Exception;
}
