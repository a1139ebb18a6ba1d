package io.proxysaas.api;

import io.proxysaas.config.Module;
import io.proxysaas.config.Settings;
import io.proxysaas.access.IpBlocklist;
import io.proxysaas.customer.CustomerService;
import io.proxysaas.enforce.CustomerActions;
import io.proxysaas.enforce.Enforcement;
import io.proxysaas.customer.PlanService;
import io.proxysaas.pool.PoolReloader;
import io.proxysaas.pool.PortConnections;
import io.proxysaas.pool.UpstreamPool;
import io.proxysaas.security.AdminTokenService;
import io.proxysaas.store.AuditTrail;
import org.apache.camel.CamelContext;

/**
 * Adds the admin API routes (plans, customers) on platform-http. Expects the beans of
 * {@code io.proxysaas.store.StoreModule} (PlanService, CustomerService, AdminTokenService, AuditTrail)
 * and of {@code io.proxysaas.pool.PoolModule} (UpstreamPool, PoolReloader).
 */
public class AdminApiModule implements Module {

    @Override
    public void install(CamelContext context, Settings settings) throws Exception {
        AdminAudit audit = new AdminAudit(required(context, AuditTrail.class));
        PlanEndpoints plans = new PlanEndpoints(required(context, PlanService.class), audit);
        CustomerEndpoints customers = new CustomerEndpoints(required(context, CustomerService.class), audit);
        // the pool endpoints exist when PoolModule is installed (always in the product; not in API-only tests)
        UpstreamPool pool = context.getRegistry().findSingleByType(UpstreamPool.class);
        UpstreamEndpoints upstreams = pool == null ? null
                : new UpstreamEndpoints(pool, required(context, PoolReloader.class), () -> portConnections(context), audit);
        // enforcement endpoints exist when EnforceModule is installed; the IP gate asks for the blocklist per call
        Enforcement enforcement = context.getRegistry().findSingleByType(Enforcement.class);
        EnforceEndpoints enforce = enforcement == null ? null : new EnforceEndpoints(enforcement,
                required(context, CustomerActions.class), required(context, CustomerService.class), audit);
        ApiIpGate ipGate = new ApiIpGate(() -> context.getRegistry().findSingleByType(IpBlocklist.class));
        long maxBody = settings.longValue("api.max-body-bytes", 65_536);
        context.getRegistry().bind("adminPlanEndpoints", plans);
        context.getRegistry().bind("adminCustomerEndpoints", customers);
        context.addRoutesConfigurations(new AdminApiErrors());
        context.addRoutes(new AdminApiRoutes(required(context, AdminTokenService.class), plans, customers, upstreams,
                enforce, UsageEndpoints.fromRegistry(context), ipGate, maxBody));
    }

    private static PortConnections portConnections(CamelContext context) {
        PortConnections c = context.getRegistry().findSingleByType(PortConnections.class);
        return c == null ? PortConnections.NONE : c;
    }

    private static <T> T required(CamelContext context, Class<T> type) {
        T bean = context.getRegistry().findSingleByType(type);
        if (bean == null) {
            throw new IllegalStateException("AdminApiModule needs a " + type.getSimpleName()
                    + " in the registry: install StoreModule before it");
        }
        return bean;
    }
}
