package io.proxysaas.api;

import io.proxysaas.observe.ReadinessCheck;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /health} and {@code GET /ready}: liveness, and readiness from every bound {@link ReadinessCheck}. */
final class OpsReadiness {

    private final Supplier<Collection<ReadinessCheck>> checks;

    OpsReadiness(Supplier<Collection<ReadinessCheck>> checks) {
        this.checks = checks;
    }

    CustomerApiReply health() {
        return CustomerApiHandler.json(200, Map.of("status", "UP"));
    }

    /** 200 READY when every check reports no problem, else 503 with each failing check's problem. */
    CustomerApiReply ready() {
        Map<String, String> results = new LinkedHashMap<>();
        boolean ready = true;
        for (ReadinessCheck check : checks.get().stream().sorted(Comparator.comparing(ReadinessCheck::name)).toList()) {
            String problem = problem(check);
            results.put(check.name(), problem == null ? "UP" : problem);
            ready &= problem == null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "READY" : "NOT_READY");
        body.put("checks", results);
        return CustomerApiHandler.json(ready ? 200 : 503, body);
    }

    private static String problem(ReadinessCheck check) {
        try {
            return check.problem();
        } catch (RuntimeException e) {
            return "check failed: " + e;
        }
    }
}
