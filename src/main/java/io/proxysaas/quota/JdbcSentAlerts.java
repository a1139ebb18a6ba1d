package io.proxysaas.quota;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Sent alerts in MariaDB ({@code alerts_sent}): the primary key makes the claim atomic across nodes
 * and restarts; a local set spares the database the alerts this node already saw claimed.
 */
final class JdbcSentAlerts implements SentAlerts {

    private final DataSource dataSource;
    private final Clock clock;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    JdbcSentAlerts(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public boolean claim(AlertRules.Alert alert) {
        String id = alert.type() + '\u0000' + alert.username() + '\u0000' + alert.key();
        if (seen.contains(id)) {
            return false;
        }
        String sql = "INSERT IGNORE INTO alerts_sent (username, alert_type, alert_key, sent_at) VALUES (?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, alert.username());
            ps.setString(2, alert.type());
            ps.setString(3, alert.key());
            ps.setTimestamp(4, Timestamp.from(clock.instant()));
            boolean first = ps.executeUpdate() == 1;
            seen.add(id);
            return first;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record alert " + alert.type() + " for " + alert.username()
                    + " in alerts_sent: " + e.getMessage(), e);
        }
    }
}
