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
 * Writes the map {@code port_usage} (key: port) behind to the table {@code port_usage}, one row per
 * port and period, so older periods stay as history; loads each port's latest period at start.
 */
public class SqlPortUsageMapStore implements MapStore<Integer, PortUsage>, MapLoaderLifecycleSupport {

    private static final String TABLE = "port_usage";
    private static final String UPSERT = "INSERT INTO port_usage (port, period, bytes_in, bytes_out, updated_at)"
            + " VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE bytes_in = VALUES(bytes_in),"
            + " bytes_out = VALUES(bytes_out), updated_at = VALUES(updated_at)";

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
    public void store(Integer key, PortUsage value) {
        storeAll(Map.of(key, value));
    }

    @Override
    public void storeAll(Map<Integer, PortUsage> values) {
        var now = SqlStoreSupport.nowUtc(clock);
        SqlStoreSupport.batch(dataSource, UPSERT, values.entrySet(), (ps, e) -> {
            ps.setInt(1, e.getKey());
            ps.setString(2, e.getValue().period());
            ps.setLong(3, e.getValue().bytesIn());
            ps.setLong(4, e.getValue().bytesOut());
            ps.setTimestamp(5, now);
        }, "write", TABLE);
    }

    /** Removing a port from the map (e.g. a reset) keeps its history rows: billing reads them. */
    @Override
    public void delete(Integer key) {
    }

    @Override
    public void deleteAll(Collection<Integer> keys) {
    }

    @Override
    public PortUsage load(Integer key) {
        return loadAll(List.of(key)).get(key);
    }

    @Override
    public Map<Integer, PortUsage> loadAll(Collection<Integer> keys) {
        return SqlStoreSupport.loadEach(dataSource,
                "SELECT period, bytes_in, bytes_out FROM port_usage WHERE port = ? ORDER BY period DESC LIMIT 1",
                keys, (ps, key) -> ps.setInt(1, key), rs -> new PortUsage(rs.getString(1), rs.getLong(2), rs.getLong(3)),
                TABLE);
    }

    @Override
    public Iterable<Integer> loadAllKeys() {
        return SqlStoreSupport.list(dataSource, "SELECT DISTINCT port FROM port_usage", rs -> rs.getInt(1), TABLE);
    }
}
