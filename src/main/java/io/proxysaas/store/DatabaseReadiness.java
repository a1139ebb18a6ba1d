package io.proxysaas.store;

import io.proxysaas.observe.ReadinessCheck;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Readiness condition "database": a pooled connection to the system of record answers within a
 * second. The answer is kept for a second, so a load balancer polling {@code /ready} does not cost
 * a database round trip per poll.
 */
final class DatabaseReadiness implements ReadinessCheck {

    private static final long KEEP_NANOS = 1_000_000_000L;

    private final DataSource dataSource;
    private final String url;
    private String lastProblem;
    private long checkedAt;
    private boolean checked;

    DatabaseReadiness(Database database) {
        this(database.dataSource(), database.url());
    }

    DatabaseReadiness(DataSource dataSource, String url) {
        this.dataSource = dataSource;
        this.url = url;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public synchronized String problem() {
        long now = System.nanoTime();
        if (!checked || now - checkedAt >= KEEP_NANOS) {
            lastProblem = check();
            checkedAt = System.nanoTime();
            checked = true;
        }
        return lastProblem;
    }

    private String check() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(1) ? null : url + " did not answer within 1 s";
        } catch (SQLException e) {
            return url + " unreachable: " + e.getMessage();
        }
    }
}
