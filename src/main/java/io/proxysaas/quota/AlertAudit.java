package io.proxysaas.quota;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proxysaas.store.AuditTrail;
import java.util.Map;

/** Writes every alert to the audit log (route {@code notify-alerts}), whether or not a webhook is set. */
public final class AlertAudit {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final AuditTrail trail;

    AlertAudit(AuditTrail trail) {
        this.trail = trail;
    }

    public void record(Map<String, Object> alert) throws JsonProcessingException {
        trail.record("system", "alert." + alert.get("type"), String.valueOf(alert.get("username")), null, null,
                MAPPER.writeValueAsString(alert), String.valueOf(alert.get("detail")));
    }
}
