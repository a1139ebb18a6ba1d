package io.proxysaas.pool;

import java.net.BindException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;

/**
 * Binds a port by creating route {@code relay-<port>} from the {@code relay-listener} route
 * template ({@code routes/listener.yaml}); unbinds by stopping and removing that route. A route
 * whose consumer failed to bind is removed again, so a retry starts from scratch. Many ports are
 * bound in one batch ({@link #bindAll}), since adding routes one by one costs O(routes) each.
 */
public final class CamelListenerControl implements ListenerControl {

    public static final String TEMPLATE_ID = "relay-listener";
    private static final long STOP_TIMEOUT_SECONDS = 10;

    /*
     * A port we just unbound can refuse a new bind for a moment: Netty closes the listening channel,
     * but the JDK releases a selector-registered socket only on the event loop's next select. Only
     * such ports are retried briefly; a port held by another process fails at once.
     */
    private static final int RELEASE_RETRIES = 40;
    private static final long RELEASE_RETRY_MILLIS = 50;

    /** Below this many ports the one-by-one path is cheap enough and the batch buys nothing. */
    static final int BULK_MIN_PORTS = 8;

    private final CamelContext context;
    private final String bindAddress;
    private final Set<Integer> released = new HashSet<>();
    private final ListenerRouteBatch batch;

    public CamelListenerControl(CamelContext context, String bindAddress) {
        this.context = context;
        this.bindAddress = bindAddress;
        this.batch = new ListenerRouteBatch(context, TEMPLATE_ID, bindAddress, CamelListenerControl::routeId);
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
        boolean justReleased = released.remove(port);
        for (int attempt = 1; ; attempt++) {
            try {
                remove(id);
                context.addRouteFromTemplate(id, TEMPLATE_ID, Map.of("port", port, "bind", bindAddress));
                if (!isBound(port)) {
                    context.getRouteController().startRoute(id);
                }
                return;
            } catch (Exception e) {
                remove(id);
                if (!(justReleased && attempt < RELEASE_RETRIES && rootCause(e) instanceof BindException)) {
                    throw new BindFailedException(port, "cannot listen on " + bindAddress + ":" + port + ": "
                            + rootMessage(e), e);
                }
                sleep(RELEASE_RETRY_MILLIS);
            }
        }
    }

    /**
     * A port still held by another process fails at once, without a route being made and removed:
     * {@link PortProbe} binds and closes a plain socket first. A probe that binds lets the real bind
     * run, which reports the port if another process took it in between.
     */
    @Override
    public synchronized void retry(int port) throws BindFailedException {
        if (isBound(port)) {
            return;
        }
        String busy = PortProbe.busy(bindAddress, port).orElse(null);
        if (busy != null && !released.contains(port)) {
            throw new BindFailedException(port, "cannot listen on " + bindAddress + ":" + port + ": " + busy, null);
        }
        bind(port);
    }

    /**
     * Binds the ports in two phases, in O(ports) (one {@link #bind} after another costs O(ports²)
     * inside Camel): {@link ListenerRouteBatch} creates all routes stopped (creating cannot fail on
     * a busy port), then each route is started on its own, since Camel stops a batch start at the
     * first route that throws and would leave the rest of the batch unbound. A port whose start
     * fails goes through {@link #bind} (removal, the release retry) and is reported if that fails too.
     */
    @Override
    public synchronized List<BindFailedException> bindAll(Collection<Integer> ports) {
        List<Integer> todo = new ArrayList<>();
        for (int port : new TreeSet<>(ports)) {
            if (!isBound(port)) {
                todo.add(port);
            }
        }
        // sockets listening since process start serve from now on; their routes adopt them below
        context.getRegistry().findByType(PreboundPorts.class).forEach(prebound -> prebound.serve(todo));
        Set<Integer> oneByOne = new HashSet<>(todo.size() < BULK_MIN_PORTS ? todo : batch.createStopped(todo));
        List<BindFailedException> failures = new ArrayList<>();
        for (int port : todo) {
            if (!oneByOne.contains(port) && startCreated(port)) {
                released.remove(port);
                continue;
            }
            try {
                bind(port);
            } catch (BindFailedException e) {
                failures.add(e);
            }
        }
        return failures;
    }

    /** Starts a route created stopped by the batch; on failure removes it and says so. */
    private boolean startCreated(int port) {
        try {
            context.getRouteController().startRoute(routeId(port));
            if (isBound(port)) {
                return true;
            }
        } catch (Exception e) {
            // the one-by-one path retries and reports it with the cause
        }
        remove(routeId(port));
        return false;
    }

    @Override
    public synchronized void unbind(int port) {
        if (context.getRoute(routeId(port)) != null) {
            remove(routeId(port));
            released.add(port);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    static String rootMessage(Throwable e) {
        Throwable root = rootCause(e);
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
