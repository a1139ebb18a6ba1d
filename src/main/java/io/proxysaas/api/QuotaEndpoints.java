package io.proxysaas.api;

import io.proxysaas.customer.CustomerService;
import io.proxysaas.quota.QuotaAdmin;
import java.util.Map;
import java.util.function.Supplier;

/** The quota verbs of the admin API ({@code /api/admin/customers/{username}/quota/reset}); each one audited. */
public class QuotaEndpoints {

    private final Supplier<QuotaAdmin> quota;
    private final CustomerService customers;
    private final AdminAudit audit;

    QuotaEndpoints(Supplier<QuotaAdmin> quota, CustomerService customers, AdminAudit audit) {
        this.quota = quota;
        this.customers = customers;
        this.audit = audit;
    }

    public ApiResponse reset(AdminRequest request) {
        String username = request.param("username");
        customers.get(username);
        QuotaAdmin admin = quota.get();
        if (admin == null) {
            throw new ApiProblem(503, "unavailable", null, "quota enforcement is not installed on this node");
        }
        Map<String, Object> after = admin.reset(username);
        audit.record(request, "customer.quota.reset", username, null, after);
        return ApiResponse.ok(after);
    }
}
