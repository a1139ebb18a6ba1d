package io.proxysaas.pool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import org.apache.camel.CamelContext;
import org.apache.camel.model.DefaultRouteTemplateContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.model.RoutesDefinition;

/**
 * Creates the listener routes of many ports from the route template in O(ports), stopped (they are
 * started one by one by {@link CamelListenerControl}, so a busy port fails alone).
 * <p>
 * Camel 4.18's own paths cost O(routes) per route: {@code Model.addRouteDefinitions} first removes
 * any route of each new id, and {@code removeRoute} gathers the endpoints of every route before it
 * looks the id up; {@code startRouteDefinitions} checks each route's node ids against every route of
 * its list; {@code CamelContext.getRoute(id)} copies all routes. So the definitions are added to the
 * model as {@code addRouteDefinitions} does minus that removal (the ids are new), and created in
 * small chunks.
 */
final class ListenerRouteBatch {

    private static final int CREATE_CHUNK = 25;

    private final CamelContext context;
    private final String templateId;
    private final String bindAddress;
    private final IntFunction<String> routeId;

    ListenerRouteBatch(CamelContext context, String templateId, String bindAddress, IntFunction<String> routeId) {
        this.context = context;
        this.templateId = templateId;
        this.bindAddress = bindAddress;
        this.routeId = routeId;
    }

    /** Creates a stopped route per port; returns the ports left to the one-by-one path. */
    List<Integer> createStopped(List<Integer> ports) {
        ModelCamelContext model = (ModelCamelContext) context;
        RouteTemplateDefinition template = model.getRouteTemplateDefinition(templateId);
        if (template == null || (template.getTemplateBeans() != null && !template.getTemplateBeans().isEmpty())) {
            return ports; // no template (the one-by-one path names it) or template beans: only Camel's own path handles them
        }
        Set<String> existing = new HashSet<>();
        context.getRoutes().forEach(r -> existing.add(r.getRouteId()));
        List<Integer> left = new ArrayList<>();
        List<Integer> fresh = new ArrayList<>();
        for (int port : ports) {
            // a half-made route from before: the one-by-one path removes it first
            (existing.contains(routeId.apply(port)) ? left : fresh).add(port);
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
     * prepared like a route of a routes collection, with auto-startup off. The template stays the
     * only source of the listener's URI.
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
        route.setId(routeId.apply(port));
        route.setTemplateParameters(parameters);
        route.setTemplateDefaultParameters(defaults);
        route.setRouteTemplateContext(templateContext);
        route.setAutoStartup("false");
        RoutesDefinition collection = new RoutesDefinition();
        collection.setCamelContext(context);
        collection.prepareRoute(route);
        return route;
    }
}
