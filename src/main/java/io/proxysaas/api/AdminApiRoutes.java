package io.proxysaas.api;

import io.proxysaas.security.AdminTokenService;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.builder.RouteBuilder;

/**
 * The admin API of SPEC §6 on platform-http: one HTTP route per verb and path, each handing over to
 * a {@code direct:} route that guards the call, runs the endpoint bean and writes the JSON answer.
 */
final class AdminApiRoutes extends RouteBuilder {

    static final String BASE = "/api/admin";
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([a-z_]+)}");

    private final AdminTokenService tokens;
    private final PlanEndpoints plans;
    private final CustomerEndpoints customers;
    private final UpstreamEndpoints upstreams;
    private final EnforceEndpoints enforce;
    private final UsageEndpoints usage;
    private final ApiIpGate ipGate;
    private final long maxBodyBytes;
    private QuotaEndpoints quota;
    private final ApiResponseWriter writer = new ApiResponseWriter();

    AdminApiRoutes(AdminTokenService tokens, PlanEndpoints plans, CustomerEndpoints customers,
                   UpstreamEndpoints upstreams, long maxBodyBytes) {
        this(tokens, plans, customers, upstreams, null, null, ApiIpGate.OPEN, maxBodyBytes);
    }

    /** {@code upstreams}, {@code enforce} and {@code usage} are null when their module is not installed. */
    AdminApiRoutes(AdminTokenService tokens, PlanEndpoints plans, CustomerEndpoints customers,
                   UpstreamEndpoints upstreams, EnforceEndpoints enforce, UsageEndpoints usage, ApiIpGate ipGate,
                   long maxBodyBytes) {
        this.enforce = enforce;
        this.usage = usage;
        this.ipGate = ipGate;
        this.tokens = tokens;
        this.plans = plans;
        this.customers = customers;
        this.upstreams = upstreams;
        this.maxBodyBytes = maxBodyBytes;
    }

    AdminApiRoutes withQuota(QuotaEndpoints quotaEndpoints) {
        this.quota = quotaEndpoints;
        return this;
    }

    @Override
    public void configure() {
        endpoint("GET", "/plans", "admin-plans-list", plans, "list");
        endpoint("POST", "/plans", "admin-plans-create", plans, "create");
        endpoint("GET", "/plans/{name}", "admin-plan-get", plans, "get");
        endpoint("PUT", "/plans/{name}", "admin-plan-put", plans, "put");
        endpoint("DELETE", "/plans/{name}", "admin-plan-delete", plans, "delete");

        endpoint("GET", "/customers", "admin-customers-list", customers, "list");
        endpoint("POST", "/customers", "admin-customers-create", customers, "create");
        endpoint("GET", "/customers/{username}", "admin-customer-get", customers, "get");
        endpoint("PATCH", "/customers/{username}", "admin-customer-patch", customers, "patch");
        endpoint("DELETE", "/customers/{username}", "admin-customer-delete", customers, "delete");
        endpoint("POST", "/customers/{username}/password", "admin-customer-password", customers, "rotatePassword");
        endpoint("POST", "/customers/{username}/api-key", "admin-customer-api-key", customers, "rotateApiKey");
        if (quota != null) {
            endpoint("POST", "/customers/{username}/quota/reset", "admin-customer-quota-reset", quota, "reset");
        }

        if (upstreams != null) {
            endpoint("GET", "/upstreams", "admin-upstreams-list", upstreams, "list");
            endpoint("POST", "/upstreams/reload", "admin-upstreams-reload", upstreams, "reload");
        }
        if (enforce != null) {
            endpoint("POST", "/customers/{username}/ban", "admin-customer-ban", enforce, "ban");
            endpoint("DELETE", "/customers/{username}/ban", "admin-customer-unban", enforce, "unban");
            endpoint("POST", "/customers/{username}/kick", "admin-customer-kick", enforce, "kick");
            endpoint("POST", "/customers/{username}/unlock", "admin-customer-unlock", enforce, "unlock");
            endpoint("POST", "/customers/{username}/extend", "admin-customer-extend", enforce, "extend");
            endpoint("GET", "/ip-bans", "admin-ip-bans-list", enforce, "listIpBans");
            endpoint("POST", "/ip-bans", "admin-ip-bans-create", enforce, "banIp");
            endpoint("DELETE", "/ip-bans", "admin-ip-bans-delete", enforce, "liftIp", "ip");
        }
        if (usage != null) {
            endpoint("GET", "/usage", "admin-usage-list", usage, "list");
            endpoint("GET", "/usage/{username}", "admin-usage-get", usage, "get");
            endpoint("GET", "/refusals", "admin-refusals", usage, "refusals");
        }
    }

    /** Registers one admin endpoint; {@code queryParams} join the path parameters of the AdminRequest. */
    private void endpoint(String verb, String path, String id, Object bean, String method, String... queryParams) {
        List<String> params = new ArrayList<>(pathParams(path));
        params.addAll(List.of(queryParams));
        from("platform-http:" + BASE + path + "?httpMethodRestrict=" + verb)
                .routeId(id + "-http")
                .routeConfigurationId(AdminApiErrors.ID)
                .to("direct:" + id);
        from("direct:" + id)
                .routeId(id)
                .routeConfigurationId(AdminApiErrors.ID)
                .process(new AdminGuard(tokens, maxBodyBytes, params, ipGate))
                .bean(bean, method)
                .process(writer);
    }


    private static List<String> pathParams(String path) {
        List<String> names = new ArrayList<>();
        Matcher m = PATH_PARAM.matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
