package io.proxysaas.customer;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Validates and stores plans; tells the hot state about every committed change. */
public class PlanService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final PlanRepository plans;
    private final CustomerChangeListener listener;

    public PlanService(PlanRepository plans, CustomerChangeListener listener) {
        this.plans = Objects.requireNonNull(plans, "plans");
        this.listener = listener == null ? CustomerChangeListener.NONE : listener;
    }

    public List<Plan> list() {
        return plans.findAll();
    }

    public java.util.Optional<Plan> find(String name) {
        return plans.find(name);
    }

    public Plan get(String name) {
        return plans.find(name).orElseThrow(() -> RecordException.notFound("plan", name));
    }

    public Plan create(Plan plan) {
        validate(plan);
        plans.insert(plan);
        listener.planChanged(plan);
        return plan;
    }

    /** Creates or replaces the plan; true when it was created. */
    public boolean put(Plan plan) {
        validate(plan);
        boolean created = plans.upsert(plan);
        listener.planChanged(plan);
        return created;
    }

    public void delete(String name) {
        if (!plans.delete(name)) {
            throw RecordException.notFound("plan", name);
        }
        listener.planRemoved(name);
    }

    static void validate(Plan plan) {
        if (plan.name() == null || plan.name().isEmpty()) {
            throw RecordException.invalid("name", "is required");
        }
        if (!NAME.matcher(plan.name()).matches()) {
            throw RecordException.invalid("name", "must be 1-64 characters of A-Z a-z 0-9 _ . -");
        }
        nonNegative("threads", plan.threads());
        nonNegative("qps", plan.qps());
        nonNegative("bandwidth_bps", plan.bandwidthBps());
        nonNegative("socket_bandwidth_bps", plan.socketBandwidthBps());
        nonNegative("ip_threads", plan.ipThreads());
        nonNegative("ip_qps", plan.ipQps());
        nonNegative("monthly_quota_bytes", plan.monthlyQuotaBytes());
        nonNegative("duration_days", plan.durationDays());
        nonNegative("price_cents", plan.priceCents());
        if (plan.durationDays() > 36_500) {
            throw RecordException.invalid("duration_days", "must be at most 36500 (100 years)");
        }
    }

    private static void nonNegative(String field, long value) {
        if (value < 0) {
            throw RecordException.invalid(field, "must be 0 (unlimited) or more, got " + value);
        }
    }
}
