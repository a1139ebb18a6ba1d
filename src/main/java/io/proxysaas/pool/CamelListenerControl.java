package io.proxysaas.pool;

import java.net.BindException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.model.DefaultRouteTemplateContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.model.RoutesDefinition;

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
    private static final int CREATE_CHUNK = 25;

    private final CamelContext context;
    private final String bindAddress;
    private final Set<Integer> released = new HashSet<>();

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
     * Binds the ports in two phases. Camel's {@code addRouteFromTemplate} costs O(routes) per route
     * (adding a definition first removes any route of that id, and {@code removeRoute} gathers the
     * endpoints of every route before looking the id up), so n ports one by one cost O(n²). Here all
     * routes are created in one {@code addRouteDefinitions} call with auto-startup off, which cannot
     * fail on a busy port, and then started one by one: Camel stops a batch start at the first route
     * that throws, so separate starts keep one busy port from leaving the rest of the batch unbound.
     * A port whose start fails goes through {@link #bind} (removal and the release retry) and is
     * reported if that fails too.
     */
    @Override
    public synchronized List<BindFailedException> bindAll(Collection<Integer> ports) {
        List<Integer> todo = new ArrayList<>();
        for (int port : new TreeSet<>(ports)) {
            if (!isBound(port)) {
                todo.add(port);
            }
        }
        Set<Integer> oneByOne = new HashSet<>(todo.size() < BULK_MIN_PORTS ? todo : createStopped(todo));
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

    /**
     * Creates a stopped route per port; returns the ports left to the one-by-one path. The
     * definitions are added to the model as {@code Model.addRouteDefinitions} does, minus its
     * removal of same-id routes (our ids are new: that removal is what costs O(routes) per route),
     * and created in chunks, since {@code startRouteDefinitions} checks each route's node ids
     * against every route of its list (O(list²)).
     */
    private List<Integer> createStopped(List<Integer> ports) {
        ModelCamelContext model = (ModelCamelContext) context;
        RouteTemplateDefinition template = model.getRouteTemplateDefinition(TEMPLATE_ID);
        if (template == null || (template.getTemplateBeans() != null && !template.getTemplateBeans().isEmpty())) {
            return ports; // no template (bind names the problem) or template beans: only Camel's own path handles them
        }
        Set<String> existing = new HashSet<>(); // CamelContext.getRoute(id) copies all routes: O(routes) a call
        context.getRoutes().forEach(r -> existing.add(r.getRouteId()));
        List<Integer> left = new ArrayList<>();
        List<Integer> fresh = new ArrayList<>();
        for (int port : ports) {
            // a half-made route from before: the one-by-one path removes it first
            (existing.contains(routeId(port)) ? left : fresh).add(port);
        }
        Object lock = Optional.<Object>ofNullable(context.getCamelContextExtension().getContextPlugin(Model.class)).orElse(model);
        for (int from = 0; from < fresh.size(); from += CREATE_CHUNK) {
            List<Integer> chunk = fresh.subList(from, Math.min(fresh.size(), from + CREATE_CHUNK));
            List<RouteDefinition> definitions = new ArrayList<>();
            try {
                synchronized (lock) {
                    for (int port : chunk) {
                        RouteDefinition definition = fromTemplate(template, port);
                        if (model.getRouteFilter() == null || model.getRouteFilter().apply(definition)) {
                            model.getModelLifecycleStrategies().forEach(s -> s.onAddRouteDefinition(definition));
                            model.getRouteDefinitions().add(definition);
                            definitions.add(definition);
                        }
                    }
                }
                model.startRouteDefinitions(definitions);
            } catch (Exception e) {
                // a route that cannot even be created: the one-by-one path replaces whatever
                // definition or stopped route this chunk left behind, and reports the cause
                left.addAll(fresh.subList(from, fresh.size()));
                return left;
            }
        }
        return left;
    }

    /**
     * The route {@code addRouteFromTemplate} would make (Camel 4.18 {@code DefaultModel.doAddRouteFromTemplate}):
     * the template's route with id, parameters (template defaults, then ours) and template context,
     * prepared like a route of a routes collection; the template stays the only source of the URI.
     */
    private RouteDefinition fromTemplate(RouteTemplateDefinition template, int port) {
        Map<String, Object> parameters = new HashMap<>();
        Map<String, Object> defaults = new HashMap<>();
        for (RouteTemplateParameterDefinition p : template.getTemplateParameters()) {
            if (p.getDefaultValue() != null) {
                parameters.put(p.getName(), p.getDefaultValue());
                defaults.put(p.getName(), p.getDefaultValue());
            }
        }
        parameters.put("port", port);
        parameters.put("bind", bindAddress);
        DefaultRouteTemplateContext templateContext = new DefaultRouteTemplateContext(context);
        parameters.forEach(templateContext::setParameter);
        if (template.getConfigurer() != null) {
            templateContext.setConfigurer(template.getConfigurer());
        }
        RouteDefinition route = template.asRouteDefinition();
        route.setId(routeId(port));
        route.setTemplateParameters(parameters);
        route.setTemplateDefaultParameters(defaults);
        route.setRouteTemplateContext(templateContext);
        route.setAutoStartup("false");
        RoutesDefinition collection = new RoutesDefinition();
        collection.setCamelContext(context);
        collection.prepareRoute(route);
        return route;
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
