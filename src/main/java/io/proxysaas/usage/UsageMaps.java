package io.proxysaas.usage;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.HazelcastInstance;

/**
 * The Hazelcast maps of the usage pipeline and their configuration, the same as the top-level
 * {@code hazelcast.yaml} declares for clusters: one backup, written behind to MariaDB a second
 * after a change (coalesced: only the latest value per key is written), loaded eagerly at start.
 */
public final class UsageMaps {

    public static final String USAGE = "usage";
    public static final String PORT_USAGE = "port_usage";
    public static final String LIVE_SOCKETS = "live_sockets";
    public static final int WRITE_DELAY_SECONDS = 1;

    private UsageMaps() {
    }

    public static MapConfig usage() {
        return persisted(USAGE, SqlUsageMapStore.class);
    }

    public static MapConfig portUsage() {
        return persisted(PORT_USAGE, SqlPortUsageMapStore.class);
    }

    /** Adds the map configs to a member's config before it starts (tests, or an embedded member). */
    public static Config configure(Config config) {
        return config.addMapConfig(usage()).addMapConfig(portUsage());
    }

    /**
     * Makes sure a running member has the usage maps configured before their first use: a file
     * ({@code hazelcast.yaml}) that declares them wins; otherwise they are added as dynamic config,
     * which Hazelcast shares with every member.
     */
    public static void ensure(HazelcastInstance hazelcast) {
        Config config = hazelcast.getConfig();
        if (config.getMapConfigOrNull(USAGE) == null) {
            config.addMapConfig(usage());
        }
        if (config.getMapConfigOrNull(PORT_USAGE) == null) {
            config.addMapConfig(portUsage());
        }
    }

    private static MapConfig persisted(String name, Class<?> store) {
        MapStoreConfig mapStore = new MapStoreConfig()
                .setEnabled(true)
                .setClassName(store.getName())
                .setWriteDelaySeconds(WRITE_DELAY_SECONDS)
                .setWriteCoalescing(true)
                .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER);
        return new MapConfig(name)
                .setBackupCount(1)
                .setInMemoryFormat(InMemoryFormat.OBJECT)
                .setMapStoreConfig(mapStore);
    }
}
