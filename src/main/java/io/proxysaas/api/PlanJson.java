package io.proxysaas.api;

import io.proxysaas.customer.Plan;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The plan's JSON shape of SPEC §6, both ways. Omitted limits are 0 (unlimited); duration_days defaults to 30. */
final class PlanJson {

    static final int DEFAULT_DURATION_DAYS = 30;
    private static final Set<String> FIELDS = Set.of("name", "threads", "qps", "bandwidth_bps",
            "socket_bandwidth_bps", "ip_threads", "ip_qps", "monthly_quota_bytes", "duration_days", "price_cents");

    private PlanJson() {
    }

    static Map<String, Object> view(Plan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", plan.name());
        m.put("threads", plan.threads());
        m.put("qps", plan.qps());
        m.put("bandwidth_bps", plan.bandwidthBps());
        m.put("socket_bandwidth_bps", plan.socketBandwidthBps());
        m.put("ip_threads", plan.ipThreads());
        m.put("ip_qps", plan.ipQps());
        m.put("monthly_quota_bytes", plan.monthlyQuotaBytes());
        m.put("duration_days", plan.durationDays());
        m.put("price_cents", plan.priceCents());
        return m;
    }

    /** Reads a plan; {@code pathName} (PUT) wins, and a different {@code name} in the body is refused. */
    static Plan read(byte[] body, String pathName) {
        JsonObject json = JsonObject.parse(body).allowOnly(FIELDS);
        String name = json.string("name");
        if (pathName != null) {
            if (name != null && !name.equals(pathName)) {
                throw ApiProblem.badField("name", "'" + name + "' differs from the plan in the path '" + pathName + "'");
            }
            name = pathName;
        }
        int maxInt = Integer.MAX_VALUE;
        return new Plan(name,
                (int) json.integer("threads", 0, maxInt),
                (int) json.integer("qps", 0, maxInt),
                json.integer("bandwidth_bps", 0, Long.MAX_VALUE),
                json.integer("socket_bandwidth_bps", 0, Long.MAX_VALUE),
                (int) json.integer("ip_threads", 0, maxInt),
                (int) json.integer("ip_qps", 0, maxInt),
                json.integer("monthly_quota_bytes", 0, Long.MAX_VALUE),
                (int) json.integer("duration_days", DEFAULT_DURATION_DAYS, 36_500),
                json.integer("price_cents", 0, Long.MAX_VALUE));
    }
}
