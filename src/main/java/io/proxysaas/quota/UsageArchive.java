package io.proxysaas.quota;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * The finished billing periods in MariaDB ({@code usage_archive}, V4__quota.sql). Writing one period
 * twice keeps the first row, so a reset job interrupted between archive and ledger roll is harmless.
 */
final class UsageArchive {

    private final DataSource dataSource;
    private final Clock clock;

    UsageArchive(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Returns true when the row is new. */
    boolean archive(String username, String period, long bytesUsed, long quotaBytes) {
        String sql = "INSERT IGNORE INTO usage_archive (username, period, bytes_used, quota_bytes, archived_at) "
                + "VALUES (?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, username);
            ps.setString(2, period);
            ps.setLong(3, bytesUsed);
            ps.setLong(4, quotaBytes);
            ps.setTimestamp(5, Timestamp.from(clock.instant()));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot archive period " + period + " of " + username
                    + " into usage_archive: " + e.getMessage(), e);
        }
    }
}
