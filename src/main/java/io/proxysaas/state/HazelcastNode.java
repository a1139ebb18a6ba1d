package io.proxysaas.state;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.Service;

/**
 * The Hazelcast member of this node: from the YAML file named by {@code hazelcast.config}, or a
 * single embedded member that joins nobody. Stopped gracefully (partitions handed over) when the
 * Camel context stops.
 */
public final class HazelcastNode implements Service {

    private final HazelcastInstance instance;

    private HazelcastNode(HazelcastInstance instance) {
        this.instance = instance;
    }

    /** Key of the system-of-record DataSource in the member's user context (read by MapStores in their init). */
    public static final String DATA_SOURCE = "proxysaas.dataSource";

    /** Starts a member from {@code configFile} when given (non-blank), else a lone embedded member. */
    public static HazelcastNode start(String configFile, String clusterName) {
        return start(configFile, clusterName, Map.of());
    }

    /**
     * As {@link #start(String, String)}, with objects put into the member's user context before it
     * starts, so that a MapStore initialised while joining (partition migration) already finds them.
     */
    public static HazelcastNode start(String configFile, String clusterName, Map<String, Object> userContext) {
        return start(configFile, clusterName, userContext, null);
    }

    /**
     * As {@link #start(String, String, Map)}; a config file is checked against Hazelcast's schema only
     * when {@code checkedDir} (may be null) does not remember its content as checked already.
     */
    public static HazelcastNode start(String configFile, String clusterName, Map<String, Object> userContext,
            Path checkedDir) {
        Config config = configFile == null || configFile.isBlank()
                ? embedded(clusterName)
                : fromFile(Path.of(configFile.trim()), checkedDir);
        config.getUserContext().putAll(userContext);
        HazelcastInstance instance = Hazelcast.newHazelcastInstance(config);
        MetricsTasks.stopWhenDisabled(instance);
        return new HazelcastNode(instance);
    }

    /**
     * Hazelcast's own metrics are off in the embedded member, as in the shipped hazelcast.yaml: nothing
     * in the product reads them (they feed Management Center and JMX), and each collection walks
     * every registered metric in one burst, the biggest single task of an idle member.
     */
    static final boolean METRICS = false;

    /**
     * A member that discovers no one: every join mechanism off, ports from 5701 upwards, listening
     * on loopback only (a lone member has nobody to talk to; a cluster comes from a config file).
     */
    public static Config embedded(String clusterName) {
        Config config = new Config();
        config.setClusterName(clusterName);
        quietDefaults(config);
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.getMetricsConfig().setEnabled(METRICS);
        config.getNetworkConfig().setPort(5701).setPortAutoIncrement(true);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        return config;
    }

    /** Loads a Hazelcast YAML (or XML) file; the error names the file and keeps the parser's cause. */
    public static Config fromFile(Path file) {
        return fromFile(file, null);
    }

    /** As {@link #fromFile(Path)}, skipping the schema check of a content {@code checkedDir} remembers (see {@link SchemaCheckedConfig}). */
    public static Config fromFile(Path file, Path checkedDir) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("hazelcast.config (HAZELCAST_CONFIG) names " + file.toAbsolutePath()
                    + ", which is not a readable file");
        }
        try {
            Config config = SchemaCheckedConfig.load(file, checkedDir);
            quietDefaults(config);
            return config;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("hazelcast.config (HAZELCAST_CONFIG): cannot load " + file.toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Hazelcast 5.7's replicated-map event dispatch counts received events in a plain {@code HashMap}
     * ({@code ReplicatedMapEventPublishingService.statisticsMap}, filled by {@code computeIfAbsent} on each
     * map's first event). Two event threads taking the first events of two replicated maps at once (the
     * customer directory's plans and customers at load) throw a ConcurrentModificationException, logged
     * as an ERROR with a stack trace at start-up. The listener itself has run by then, so nothing is
     * lost; one event thread makes the dispatch sequential. Our listeners only copy entries to local
     * maps, so one thread keeps up with them.
     */
    static final String EVENT_THREADS = "1";

    /**
     * Hazelcast's own JVM shutdown hook is off: on SIGTERM it would terminate the member (policy
     * TERMINATE) at the same moment as Camel's hook starts the orderly stop, so the last usage batch
     * met a dead member (HazelcastInstanceNotActiveException, bytes lost) and the write-behind queue
     * of a lone member never reached MariaDB. The member stops in {@link #stop()}, after the usage
     * flush, gracefully.
     */
    static final String SHUTDOWN_HOOK = "false";

    /**
     * No phoning home, logs through SLF4J, one event thread, no shutdown hook of Hazelcast's own; a
     * file that says otherwise wins.
     */
    private static void quietDefaults(Config config) {
        if (config.getProperty("hazelcast.shutdownhook.enabled") == null) {
            config.setProperty("hazelcast.shutdownhook.enabled", SHUTDOWN_HOOK);
        }
        if (config.getProperty("hazelcast.event.thread.count") == null) {
            config.setProperty("hazelcast.event.thread.count", EVENT_THREADS);
        }
        if (config.getProperty("hazelcast.phone.home.enabled") == null) {
            config.setProperty("hazelcast.phone.home.enabled", "false");
        }
        if (config.getProperty("hazelcast.logging.type") == null) {
            config.setProperty("hazelcast.logging.type", "slf4j");
        }
    }

    public HazelcastInstance instance() {
        return instance;
    }

    public boolean running() {
        return instance.getLifecycleService().isRunning();
    }

    @Override
    public void start() {
        // The member starts in start(configFile, ...) so that later modules can use it while wiring.
    }

    @Override
    public void stop() {
        if (running()) {
            instance.shutdown();
        }
    }
}
