package io.proxysaas.store;

import java.time.Instant;
import java.util.List;

/**
 * The audit log in the system of record: who did what to which target, from where, with the
 * record before and after (JSON with secrets already removed by the caller).
 */
public interface AuditTrail {

    void record(String actor, String action, String target, String clientIp, String beforeJson, String afterJson,
                String detail);

    default void record(String actor, String action, String target, String clientIp, String beforeJson,
                        String afterJson) {
        record(actor, action, target, clientIp, beforeJson, afterJson, null);
    }

    /** Entries at or after {@code since} (null = from the start), oldest first, at most {@code limit}. */
    List<AuditEntry> since(Instant since, int limit);

    /** One row of the audit log. */
    record AuditEntry(long id, Instant at, String actor, String action, String target, String clientIp,
                      String beforeJson, String afterJson, String detail) {
    }
}
