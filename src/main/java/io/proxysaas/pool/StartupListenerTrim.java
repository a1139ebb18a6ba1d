package io.proxysaas.pool;

import java.lang.reflect.Field;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.impl.engine.AbstractCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes camel-platform-http-main's start-up summary listener once the context has started.
 * <p>
 * Camel 4.18 calls every {@code StartupListener} again for each route started after start-up, and
 * that listener ({@code MainHttpServerUtil$1}) adds a new event notifier on each call and re-sorts
 * the notifier list: binding 1,000 listener routes left ~2,000 notifiers behind, cost ~30 % of the
 * bind phase (every later route event walks all of them), and each bind retry or reload added more
 * for the life of the process. The listener's only job after start-up is to log the HTTP endpoint
 * summary again when new HTTP routes appear, which this product never adds at run time (the
 * notifier it registered at start-up still logs the summary on a route reload).
 * <p>
 * Camel has no public API to remove a start-up listener, so this reaches its field; if a later
 * Camel renames it, nothing is removed and a debug line says so. Re-check after a Camel upgrade.
 */
final class StartupListenerTrim {

    private static final Logger LOG = LoggerFactory.getLogger(StartupListenerTrim.class);
    static final String HTTP_SUMMARY_LISTENER_PREFIX = "org.apache.camel.component.platform.http.main.MainHttpServerUtil";

    private StartupListenerTrim() {
    }

    /** Removes the summary listener from {@code context}; returns how many were removed. */
    static int removeHttpSummaryListener(CamelContext context) {
        if (!(context instanceof AbstractCamelContext)) {
            return 0;
        }
        try {
            Field field = AbstractCamelContext.class.getDeclaredField("startupListeners");
            field.setAccessible(true);
            @SuppressWarnings("unchecked")
            List<StartupListener> listeners = (List<StartupListener>) field.get(context);
            int before = listeners.size();
            listeners.removeIf(l -> l.getClass().getName().startsWith(HTTP_SUMMARY_LISTENER_PREFIX));
            return before - listeners.size();
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("pool: cannot trim Camel's start-up listeners ({}); route starts stay slower", e.toString());
            return 0;
        }
    }
}
