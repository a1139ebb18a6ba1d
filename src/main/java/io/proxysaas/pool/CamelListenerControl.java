package io.proxysaas.pool;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;

/**
 * Binds a port by creating route {@code relay-<port>} from the {@code relay-listener} route
 * template ({@code routes/listener.yaml}); unbinds by stopping and removing that route. A route
 * whose consumer failed to bind is removed again, so a retry starts from scratch.
 */
public final class CamelListenerControl implements ListenerControl {

    public static final String TEMPLATE_ID = "relay-listener";
    private static final long STOP_TIMEOUT_SECONDS = 10;

    private final CamelContext context;
    private final String bindAddress;

    public CamelListenerControl(CamelContext context, String bindAddress) {
        this.context = context;
        this.bindAddress = bindAddress;
    }

    public static String routeId(int port) {
        return "relay-" + port;
    }

    @Override
    public synchronized void bind(int port) throws BindFailedException {
        if (isBound(port)) {
            return;
        }
        String id = routeId(port);
        remove(id);
        try {
            context.addRouteFromTemplate(id, TEMPLATE_ID, Map.of("port", port, "bind", bindAddress));
            if (!isBound(port)) {
                context.getRouteController().startRoute(id);
            }
        } catch (Exception e) {
            remove(id);
            throw new BindFailedException(port, "cannot listen on " + bindAddress + ":" + port + ": " + rootMessage(e), e);
        }
    }

    @Override
    public synchronized void unbind(int port) {
        remove(routeId(port));
    }

    @Override
    public boolean isBound(int port) {
        ServiceStatus status = context.getRouteController().getRouteStatus(routeId(port));
        return status != null && status.isStarted();
    }

    private void remove(String id) {
        try {
            if (context.getRoute(id) != null) {
                context.getRouteController().stopRoute(id, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                context.removeRoute(id);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot remove listener route " + id + ": " + rootMessage(e), e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
