package io.proxysaas.store;

import io.proxysaas.security.AdminToken;
import io.proxysaas.security.AdminTokenRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Admin tokens in the {@code admin_tokens} table (hashes only). */
final class JdbcAdminTokenRepository implements AdminTokenRepository {

    private final DataSource dataSource;
    private final Clock clock;

    JdbcAdminTokenRepository(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public List<AdminToken> findAll() {
        return Sql.inTransaction(dataSource, "listing admin tokens", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, name, token_hash, created_at, last_used_at FROM admin_tokens ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                List<AdminToken> tokens = new ArrayList<>();
                while (rs.next()) {
                    tokens.add(new AdminToken(rs.getLong("id"), rs.getString("name"), rs.getString("token_hash"),
                            Sql.time(rs, "created_at"), Sql.time(rs, "last_used_at")));
                }
                return tokens;
            }
        });
    }

    @Override
    public AdminToken insert(String name, String tokenHash) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return Sql.inTransaction(dataSource, "creating admin token " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO admin_tokens (name, token_hash, created_at) VALUES (?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, name);
                ps.setString(2, tokenHash);
                Sql.setTime(ps, 3, now);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return new AdminToken(keys.getLong(1), name, tokenHash, now, null);
                }
            }
        });
    }

    @Override
    public boolean delete(long id) {
        return Sql.inTransaction(dataSource, "deleting admin token " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM admin_tokens WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void touch(long id, Instant lastUsedAt) {
        Sql.inTransaction(dataSource, "noting use of admin token " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE admin_tokens SET last_used_at = ? WHERE id = ?")) {
                Sql.setTime(ps, 1, lastUsedAt);
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
    }
}
