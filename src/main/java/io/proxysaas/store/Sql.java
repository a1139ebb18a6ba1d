package io.proxysaas.store;

import io.proxysaas.customer.RecordException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/**
 * The JDBC plumbing every repository shares: a unit of work in one transaction, UTC time columns
 * (DATETIME written and read as UTC whatever the session time zone), and the translation of
 * constraint violations into {@link RecordException}s naming the JSON field.
 */
final class Sql {

    /** Work done on one connection inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Sql() {
    }

    static <T> T inTransaction(DataSource dataSource, String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            SQLException violation = violation(e);
            if (violation != null) {
                throw constraint(what, violation);
            }
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        }
    }

    static void setTime(PreparedStatement ps, int index, Instant instant) throws SQLException {
        ps.setObject(index, instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    static Instant time(ResultSet rs, String column) throws SQLException {
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    /** The integrity violation behind {@code e} (batches wrap it), or null. */
    private static SQLException violation(SQLException e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
            if (t instanceof SQLIntegrityConstraintViolationException v) {
                return v;
            }
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("23")) {
                return s;
            }
        }
        return null;
    }

    /** Maps MariaDB's duplicate-key (1062) and foreign-key (1451/1452) errors by the constraint they name. */
    static RecordException constraint(String what, SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("uk_customer_ips_cidr")) {
            return new RecordException(RecordException.Kind.CONFLICT, "ips",
                    "ips: an IP/CIDR is already whitelisted for another customer", e);
        }
        if (m.contains("fk_customers_plan")) {
            return e.getErrorCode() == 1451
                    ? new RecordException(RecordException.Kind.CONFLICT, "name", "the plan is still used by customers", e)
                    : new RecordException(RecordException.Kind.INVALID, "plan", "plan: no such plan", e);
        }
        if (m.contains("uk_customers_api_key")) {
            return new RecordException(RecordException.Kind.CONFLICT, "api_key", "API key collision; retry", e);
        }
        if (e.getErrorCode() == 1062) {
            return new RecordException(RecordException.Kind.CONFLICT, null, what + ": already exists", e);
        }
        return new RecordException(RecordException.Kind.CONFLICT, null, what + " refused by the database: " + m, e);
    }
}
