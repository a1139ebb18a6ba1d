package io.proxysaas.enforce;

import io.proxysaas.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The admin IP bans in the system of record (table {@code ip_bans}; times in UTC). */
final class JdbcIpBans {

    private final DataSource dataSource;

    JdbcIpBans(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<IpBan> all() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT ip_or_cidr, reason, until, created_at FROM ip_bans"
                     + " ORDER BY created_at");
             ResultSet rs = ps.executeQuery()) {
            List<IpBan> bans = new ArrayList<>();
            while (rs.next()) {
                bans.add(new IpBan(rs.getString("ip_or_cidr"), rs.getString("reason"), time(rs, "until"),
                        time(rs, "created_at")));
            }
            return bans;
        } catch (SQLException e) {
            throw new StoreException("reading ip_bans failed: " + e.getMessage(), e);
        }
    }

    /** Inserts or replaces the ban of {@code ban.cidr()}. */
    void put(IpBan ban) {
        update("writing ip ban " + ban.cidr(), "INSERT INTO ip_bans (ip_or_cidr, reason, until, created_at) VALUES (?, ?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE reason = VALUES(reason), until = VALUES(until)", ps -> {
            ps.setString(1, ban.cidr());
            ps.setString(2, ban.reason());
            ps.setObject(3, utc(ban.until()));
            ps.setObject(4, utc(ban.createdAt()));
        });
    }

    boolean delete(String cidr) {
        return update("deleting ip ban " + cidr, "DELETE FROM ip_bans WHERE ip_or_cidr = ?", ps -> ps.setString(1, cidr)) > 0;
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private int update(String what, String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        }
    }

    private static LocalDateTime utc(Instant t) {
        return t == null ? null : LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private static Instant time(ResultSet rs, String column) throws SQLException {
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
}
