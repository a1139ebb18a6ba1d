package io.proxysaas.usage;

import com.hazelcast.core.HazelcastInstance;
import io.proxysaas.state.HazelcastNode;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
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
}
