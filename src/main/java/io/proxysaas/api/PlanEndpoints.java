package io.proxysaas.api;

import io.proxysaas.customer.Plan;
import io.proxysaas.customer.PlanService;

/** The plan verbs of the admin API ({@code /api/admin/plans}); each records its change in the audit log. */
public class PlanEndpoints {

    private final PlanService plans;
    private final AdminAudit audit;

    PlanEndpoints(PlanService plans, AdminAudit audit) {
        this.plans = plans;
        this.audit = audit;
    }

    public ApiResponse list(AdminRequest request) {
        return ApiResponse.ok(plans.list().stream().map(PlanJson::view).toList());
    }

    public ApiResponse get(AdminRequest request) {
        return ApiResponse.ok(PlanJson.view(plans.get(request.param("name"))));
    }

    public ApiResponse create(AdminRequest request) {
        Plan plan = plans.create(PlanJson.read(request.body(), null));
        audit.record(request, "plan.create", plan.name(), null, PlanJson.view(plan));
        return ApiResponse.created(PlanJson.view(plan));
    }

    public ApiResponse put(AdminRequest request) {
        String name = request.param("name");
        Plan plan = PlanJson.read(request.body(), name);
        var before = plans.find(name).map(PlanJson::view).orElse(null);
        boolean created = plans.put(plan);
        audit.record(request, created ? "plan.create" : "plan.update", name, before, PlanJson.view(plan));
        return created ? ApiResponse.created(PlanJson.view(plan)) : ApiResponse.ok(PlanJson.view(plan));
    }

    public ApiResponse delete(AdminRequest request) {
        String name = request.param("name");
        Plan before = plans.get(name);
        plans.delete(name);
        audit.record(request, "plan.delete", name, PlanJson.view(before), null);
        return ApiResponse.noContent();
    }
}
