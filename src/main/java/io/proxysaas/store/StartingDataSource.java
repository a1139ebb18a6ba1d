package io.proxysaas.store;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The system of record's DataSource while the database is still starting (connecting, migrating):
 * every call waits for the start and then goes to the real pool. It lets the Hazelcast member start
 * beside the database with a DataSource for its MapStores; a failed start answers with an
 * SQLException carrying the start's message.
 */
final class StartingDataSource implements DataSource {

    /** The real DataSource, once the database has started. */
    @FunctionalInterface
    interface Started {
        DataSource get() throws Exception;
    }

    private final Started started;

    StartingDataSource(Started started) {
        this.started = started;
    }

    private DataSource target() throws SQLException {
        try {
            return started.get();
        } catch (SQLException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the system of record to start", e);
        } catch (Exception e) {
            throw new SQLException("the system of record did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return target().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return target().getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target().getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target().setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target().setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target().getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : target().unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || target().isWrapperFor(type);
    }
}
