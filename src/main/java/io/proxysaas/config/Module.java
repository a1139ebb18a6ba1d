package io.proxysaas.config;

import org.apache.camel.CamelContext;

/**
 * One capability's wiring: creates its beans, binds them into Camel's registry and may add
 * routes. Modules are installed in dependency order by {@link ProxySaasConfiguration}; a module
 * finds the beans of earlier modules with {@code context.getRegistry().findSingleByType(...)}.
 */
public interface Module {

    void install(CamelContext context, Settings settings) throws Exception;

    /**
     * Begins this module's slow start-up work that needs no other module's install (opening the
     * database, starting the cluster member) on its own thread, so that independent parts start side
     * by side; {@link #install} then waits for it. Called for every module, in order, before the
     * first install; a module installed without it must still work (it then does the work inline).
     * The handle releases what the work started when the start-up fails before {@code install}
     * took it over. Default: nothing to start early.
     */
    default AutoCloseable prepare(CamelContext context, Settings settings) throws Exception {
        return () -> { };
    }

    /**
     * Whether this module is prepared before the others (still installed in its place): its early
     * work is what the outside world waits for first, e.g. listening on the relay ports. Default: no.
     */
    default boolean prepareFirst() {
        return false;
    }
}
