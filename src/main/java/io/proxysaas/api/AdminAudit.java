package io.proxysaas.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proxysaas.store.AuditTrail;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one audit row per committed admin change: actor = token name, the client IP, and the
 * before/after JSON views with any secret field removed.
 */
final class AdminAudit {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final AuditTrail trail;

    AdminAudit(AuditTrail trail) {
        this.trail = trail;
    }

    void record(AdminRequest request, String action, String target, Map<String, Object> before,
                Map<String, Object> after) {
        trail.record(request.actor(), action, target, request.clientIp(), json(before), json(after));
    }

    private static String json(Map<String, Object> view) {
        if (view == null) {
            return null;
        }
        Map<String, Object> safe = new LinkedHashMap<>(view);
        safe.remove("password");
        safe.remove("api_key");
        try {
            return MAPPER.writeValueAsString(safe);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write audit JSON of " + view.keySet(), e);
        }
    }
}
