package io.proxysaas.usage;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapLoaderLifecycleSupport;
import com.hazelcast.map.MapStore;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Writes the map {@code usage} behind to {@code usage_current} (absolute counters, upserted, so a
 * repeated write is harmless) and loads it back at start. Created by Hazelcast from the map config.
 */
public class SqlUsageMapStore implements MapStore<String, CustomerUsage>, MapLoaderLifecycleSupport {

    private static final String TABLE = "usage_current";
    private static final String UPSERT = "INSERT INTO usage_current (username, period, bytes_in, bytes_out, connections, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE period = VALUES(period), bytes_in = VALUES(bytes_in),"
            + " bytes_out = VALUES(bytes_out), connections = VALUES(connections), updated_at = VALUES(updated_at)";
    private static final String SELECT = "SELECT username, period, bytes_in, bytes_out, connections FROM usage_current";

    private final Clock clock = Clock.systemUTC();
    private DataSource dataSource;

    @Override
    public void init(HazelcastInstance hazelcast, Properties properties, String mapName) {
        dataSource = SqlStoreSupport.dataSource(hazelcast, mapName);
    }

    @Override
    public void destroy() {
        // the DataSource belongs to StoreModule
    }

    @Override
    public void store(String key, CustomerUsage value) {
        storeAll(Map.of(key, value));
    }

    @Override
    public void storeAll(Map<String, CustomerUsage> values) {
        var now = SqlStoreSupport.nowUtc(clock);
        SqlStoreSupport.batch(dataSource, UPSERT, values.entrySet(), (ps, e) -> {
            ps.setString(1, e.getKey());
            ps.setString(2, e.getValue().period());
            ps.setLong(3, e.getValue().bytesIn());
            ps.setLong(4, e.getValue().bytesOut());
            ps.setLong(5, e.getValue().connections());
            ps.setTimestamp(6, now);
        }, "write", TABLE);
    }

    @Override
    public void delete(String key) {
        deleteAll(List.of(key));
    }

    @Override
    public void deleteAll(Collection<String> keys) {
        SqlStoreSupport.batch(dataSource, "DELETE FROM usage_current WHERE username = ?", keys,
                (ps, key) -> ps.setString(1, key), "delete", TABLE);
    }

    @Override
    public CustomerUsage load(String key) {
        return loadAll(List.of(key)).get(key);
    }

    @Override
    public Map<String, CustomerUsage> loadAll(Collection<String> keys) {
        return SqlStoreSupport.loadEach(dataSource, SELECT + " WHERE username = ?", keys, (ps, key) -> ps.setString(1, key),
                rs -> new CustomerUsage(rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)), TABLE);
    }

    @Override
    public Iterable<String> loadAllKeys() {
        return SqlStoreSupport.list(dataSource, "SELECT username FROM usage_current", rs -> rs.getString(1), TABLE);
    }
}
