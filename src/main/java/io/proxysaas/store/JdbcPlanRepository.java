package io.proxysaas.store;

import io.proxysaas.customer.Plan;
import io.proxysaas.customer.PlanRepository;
import io.proxysaas.customer.RecordException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Plans in the {@code plans} table. */
final class JdbcPlanRepository implements PlanRepository {

    private static final String COLUMNS = "name, threads, qps, bandwidth_bps, socket_bandwidth_bps, ip_threads,"
            + " ip_qps, monthly_quota_bytes, duration_days, price_cents";

    private final DataSource dataSource;
    private final Clock clock;

    JdbcPlanRepository(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public List<Plan> findAll() {
        return Sql.inTransaction(dataSource, "listing plans", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM plans ORDER BY price_cents, name");
                 ResultSet rs = ps.executeQuery()) {
                List<Plan> plans = new ArrayList<>();
                while (rs.next()) {
                    plans.add(plan(rs));
                }
                return plans;
            }
        });
    }

    @Override
    public Optional<Plan> find(String name) {
        return Sql.inTransaction(dataSource, "reading plan " + name, c -> find(c, name, false));
    }

    @Override
    public void insert(Plan plan) {
        Sql.inTransaction(dataSource, "creating plan " + plan.name(), c -> {
            if (find(c, plan.name(), true).isPresent()) {
                throw RecordException.conflict("name", "plan '" + plan.name() + "' already exists");
            }
            return insert(c, plan);
        });
    }

    @Override
    public boolean upsert(Plan plan) {
        return Sql.inTransaction(dataSource, "saving plan " + plan.name(), c -> {
            if (find(c, plan.name(), true).isEmpty()) {
                return insert(c, plan);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE plans SET threads = ?, qps = ?, bandwidth_bps = ?,"
                    + " socket_bandwidth_bps = ?, ip_threads = ?, ip_qps = ?, monthly_quota_bytes = ?, duration_days = ?,"
                    + " price_cents = ?, updated_at = ? WHERE name = ?")) {
                bindLimits(ps, plan, 1);
                Sql.setTime(ps, 10, clock.instant());
                ps.setString(11, plan.name());
                ps.executeUpdate();
            }
            return false;
        });
    }

    @Override
    public boolean delete(String name) {
        return Sql.inTransaction(dataSource, "deleting plan " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM plans WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private boolean insert(Connection c, Plan plan) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO plans (" + COLUMNS
                + ", created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, plan.name());
            bindLimits(ps, plan, 2);
            Sql.setTime(ps, 11, clock.instant());
            Sql.setTime(ps, 12, clock.instant());
            ps.executeUpdate();
        }
        return true;
    }

    private static void bindLimits(PreparedStatement ps, Plan plan, int first) throws SQLException {
        ps.setInt(first, plan.threads());
        ps.setInt(first + 1, plan.qps());
        ps.setLong(first + 2, plan.bandwidthBps());
        ps.setLong(first + 3, plan.socketBandwidthBps());
        ps.setInt(first + 4, plan.ipThreads());
        ps.setInt(first + 5, plan.ipQps());
        ps.setLong(first + 6, plan.monthlyQuotaBytes());
        ps.setInt(first + 7, plan.durationDays());
        ps.setLong(first + 8, plan.priceCents());
    }

    private static Optional<Plan> find(Connection c, String name, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM plans WHERE name = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(plan(rs)) : Optional.empty();
            }
        }
    }

    private static Plan plan(ResultSet rs) throws SQLException {
        return new Plan(rs.getString("name"), rs.getInt("threads"), rs.getInt("qps"), rs.getLong("bandwidth_bps"),
                rs.getLong("socket_bandwidth_bps"), rs.getInt("ip_threads"), rs.getInt("ip_qps"),
                rs.getLong("monthly_quota_bytes"), rs.getInt("duration_days"), rs.getLong("price_cents"));
    }
}
