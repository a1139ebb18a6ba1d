package io.proxysaas.usage;

import com.hazelcast.core.HazelcastInstance;
import io.proxysaas.state.HazelcastNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** What the usage MapStores share: the system-of-record DataSource from the member's user context. */
final class SqlStoreSupport {

    private SqlStoreSupport() {
    }

    static DataSource dataSource(HazelcastInstance hazelcast, String mapName) {
        Object found = hazelcast.getUserContext().get(HazelcastNode.DATA_SOURCE);
        if (!(found instanceof DataSource ds)) {
            throw new IllegalStateException("map '" + mapName + "' is written behind to MariaDB, but this Hazelcast member has no "
                    + "DataSource under user-context key '" + HazelcastNode.DATA_SOURCE
                    + "': start the member through StateModule (after StoreModule) or put one into Config.getUserContext()");
        }
        return ds;
    }

    /** Now in UTC as DATETIME(3) wants it (the schema stores UTC, never the session time zone). */
    static Timestamp nowUtc(Clock clock) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    /** A MapStore failure Hazelcast retries; the message names the table and keeps the driver's cause. */
    static IllegalStateException failure(String what, String table, SQLException e) {
        return new IllegalStateException("cannot " + what + " table " + table + ": " + e.getMessage(), e);
    }

    /** Sets one statement's parameters for {@code item}. */
    @FunctionalInterface
    interface Binder<T> {
        void bind(PreparedStatement ps, T item) throws SQLException;
    }

    /** Reads one value from the current row. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs {@code sql} once per item as one JDBC batch ({@code what} names the action in errors). */
    static <T> void batch(DataSource ds, String sql, Collection<T> items, Binder<T> binder, String what, String table) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (T item : items) {
                binder.bind(ps, item);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw failure(what + " " + items.size() + " rows of", table, e);
        }
    }

    /** Runs the one-key query {@code sql} for each key; keys without a row are absent from the answer. */
    static <K, V> Map<K, V> loadEach(DataSource ds, String sql, Collection<K> keys, Binder<K> binder,
                                     RowReader<V> reader, String table) {
        Map<K, V> found = new HashMap<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (K key : keys) {
                binder.bind(ps, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        found.put(key, reader.read(rs));
                    }
                }
            }
            return found;
        } catch (SQLException e) {
            throw failure("read", table, e);
        }
    }

    /** Every value the query {@code sql} answers, one per row. */
    static <K> List<K> list(DataSource ds, String sql, RowReader<K> reader, String table) {
        List<K> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(reader.read(rs));
            }
            return out;
        } catch (SQLException e) {
            throw failure("read keys of", table, e);
        }
    }
}
