package io.proxysaas.store;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerRepository;
import io.proxysaas.customer.CustomerStatus;
import io.proxysaas.customer.Plan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Customers in {@code customers} with their CIDRs in {@code customer_ips}, always written together. */
final class JdbcCustomerRepository implements CustomerRepository {

    private static final String COLUMNS = "username, password_hash, api_key_hash, plan, expires_at, status,"
            + " ban_reason, banned_until, note, created_at";

    private final DataSource dataSource;
    private final Clock clock;
    private final JdbcPlanRepository plans;

    JdbcCustomerRepository(DataSource dataSource, Clock clock, JdbcPlanRepository plans) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.plans = plans;
    }

    @Override
    public List<Plan> allPlans() {
        return plans.findAll();
    }

    @Override
    public List<Customer> allCustomers() {
        return Sql.inTransaction(dataSource, "listing customers", c -> {
            Map<String, List<String>> ips = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT username, cidr FROM customer_ips ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ips.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
            List<Customer> customers = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM customers ORDER BY username");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    customers.add(customer(rs, ips.getOrDefault(rs.getString("username"), List.of())));
                }
            }
            return customers;
        });
    }

    @Override
    public Optional<Customer> find(String username) {
        return Sql.inTransaction(dataSource, "reading customer " + username, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM customers WHERE username = ?")) {
                ps.setString(1, username);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(customer(rs, ips(c, username))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<String> ownerOf(String cidr) {
        return Sql.inTransaction(dataSource, "looking up the owner of " + cidr, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT username FROM customer_ips WHERE cidr = ?")) {
                ps.setString(1, cidr);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void insert(Customer customer) {
        Sql.inTransaction(dataSource, "creating customer " + customer.username(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers (" + COLUMNS
                    + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, customer.username());
                ps.setString(2, customer.passwordHash());
                ps.setString(3, customer.apiKeyHash());
                ps.setString(4, customer.plan());
                Sql.setTime(ps, 5, customer.expiresAt());
                ps.setString(6, customer.status().json());
                ps.setString(7, customer.banReason());
                Sql.setTime(ps, 8, customer.bannedUntil());
                ps.setString(9, customer.note());
                Sql.setTime(ps, 10, customer.createdAt() == null ? clock.instant() : customer.createdAt());
                Sql.setTime(ps, 11, clock.instant());
                ps.executeUpdate();
            }
            insertIps(c, customer);
            return null;
        });
    }

    @Override
    public boolean update(Customer customer) {
        return Sql.inTransaction(dataSource, "updating customer " + customer.username(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE customers SET password_hash = ?, api_key_hash = ?,"
                    + " plan = ?, expires_at = ?, status = ?, ban_reason = ?, banned_until = ?, note = ?, updated_at = ?"
                    + " WHERE username = ?")) {
                ps.setString(1, customer.passwordHash());
                ps.setString(2, customer.apiKeyHash());
                ps.setString(3, customer.plan());
                Sql.setTime(ps, 4, customer.expiresAt());
                ps.setString(5, customer.status().json());
                ps.setString(6, customer.banReason());
                Sql.setTime(ps, 7, customer.bannedUntil());
                ps.setString(8, customer.note());
                Sql.setTime(ps, 9, clock.instant());
                ps.setString(10, customer.username());
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM customer_ips WHERE username = ?")) {
                ps.setString(1, customer.username());
                ps.executeUpdate();
            }
            insertIps(c, customer);
            return true;
        });
    }

    @Override
    public boolean delete(String username) {
        return Sql.inTransaction(dataSource, "deleting customer " + username, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM customers WHERE username = ?")) {
                ps.setString(1, username);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private void insertIps(Connection c, Customer customer) throws SQLException {
        if (customer.ips().isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO customer_ips (username, cidr, created_at) VALUES (?, ?, ?)")) {
            for (String cidr : customer.ips()) {
                ps.setString(1, customer.username());
                ps.setString(2, cidr);
                Sql.setTime(ps, 3, clock.instant());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static List<String> ips(Connection c, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT cidr FROM customer_ips WHERE username = ? ORDER BY id")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> ips = new ArrayList<>();
                while (rs.next()) {
                    ips.add(rs.getString(1));
                }
                return ips;
            }
        }
    }

    private static Customer customer(ResultSet rs, List<String> ips) throws SQLException {
        return new Customer(rs.getString("username"), rs.getString("password_hash"), rs.getString("api_key_hash"),
                rs.getString("plan"), Sql.time(rs, "expires_at"),
                CustomerStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), rs.getString("ban_reason"),
                Sql.time(rs, "banned_until"), ips, rs.getString("note"), Sql.time(rs, "created_at"));
    }
}
