package io.proxysaas.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The audit log in the {@code audit_log} table. */
final class JdbcAuditTrail implements AuditTrail {

    private final DataSource dataSource;
    private final Clock clock;

    JdbcAuditTrail(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public void record(String actor, String action, String target, String clientIp, String beforeJson,
                       String afterJson, String detail) {
        Sql.inTransaction(dataSource, "writing audit " + action + " " + target, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (at, actor, action, target, client_ip,"
                    + " before_json, after_json, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                Sql.setTime(ps, 1, clock.instant());
                ps.setString(2, clip(actor == null ? "system" : actor, 128));
                ps.setString(3, clip(action, 64));
                ps.setString(4, clip(target, 255));
                ps.setString(5, clip(clientIp, 64));
                ps.setString(6, beforeJson);
                ps.setString(7, afterJson);
                ps.setString(8, clip(detail, 2000));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<AuditEntry> since(Instant since, int limit) {
        return Sql.inTransaction(dataSource, "reading the audit log", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, at, actor, action, target, client_ip, before_json,"
                    + " after_json, detail FROM audit_log WHERE at >= ? ORDER BY id LIMIT ?")) {
                Sql.setTime(ps, 1, since == null ? Instant.EPOCH : since);
                ps.setInt(2, Math.max(0, limit));
                try (ResultSet rs = ps.executeQuery()) {
                    List<AuditEntry> entries = new ArrayList<>();
                    while (rs.next()) {
                        entries.add(new AuditEntry(rs.getLong("id"), Sql.time(rs, "at"), rs.getString("actor"),
                                rs.getString("action"), rs.getString("target"), rs.getString("client_ip"),
                                rs.getString("before_json"), rs.getString("after_json"), rs.getString("detail")));
                    }
                    return entries;
                }
            }
        });
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
