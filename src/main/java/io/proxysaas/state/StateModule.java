package io.proxysaas.state;

import com.hazelcast.core.HazelcastInstance;
import io.proxysaas.config.BackgroundStart;
import io.proxysaas.config.Module;
import io.proxysaas.config.Settings;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.customer.CustomerRecords;
import io.proxysaas.observe.ReadinessCheck;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.spi.Registry;

/**
 * Wires the hot state: starts the Hazelcast member (stopped with the context), binds
 * {@code hazelcastInstance}, {@code customerDirectory} (loaded from the {@link CustomerRecords}
 * bean when there is one and the cluster is empty) and the "cluster" readiness check.
 *
 * <p>{@link #prepare} starts the member on its own thread, beside the database (the member gets the
 * {@code dataSource} bean bound at that moment, which may still be waiting for the database); the
 * directory is loaded in {@link #install}, once both are up.
 */
public final class StateModule implements Module {

    private BackgroundStart<HazelcastNode> starting;

    @Override
    public AutoCloseable prepare(CamelContext context, Settings settings) {
        starting = start(context.getRegistry(), settings, true);
        return starting;
    }

    @Override
    public void install(CamelContext context, Settings settings) throws Exception {
        Registry registry = context.getRegistry();
        if (starting == null) {
            starting = start(registry, settings, false);
        }
        HazelcastNode node = starting.take();
        // Added first so it stops last: the directory's listeners go before the member leaves.
        context.addService(node, true, true);
        HazelcastCustomerDirectory directory = new HazelcastCustomerDirectory(node.instance());
        directory.start(registry.findSingleByType(CustomerRecords.class));
        context.addService(new DirectoryService(directory), true, true);
        registry.bind("hazelcastInstance", HazelcastInstance.class, node.instance());
        registry.bind("customerDirectory", CustomerDirectory.class, directory);
        registry.bind("clusterReadiness", ReadinessCheck.class, new ClusterReadiness(node));
        registry.bind("clusterLeader", ClusterLeader.class, new ClusterLeader(node.instance()));
    }

    private static BackgroundStart<HazelcastNode> start(Registry registry, Settings settings, boolean background) {
        String configFile = settings.string("hazelcast.config", "");
        String clusterName = settings.string("hazelcast.cluster-name", "proxy-saas");
        DataSource dataSource = registry.findSingleByType(DataSource.class);
        Map<String, Object> userContext = dataSource == null ? Map.of() : Map.of(HazelcastNode.DATA_SOURCE, dataSource);
        Path checked = Path.of(settings.string("paths.data-dir", "./data"), "hazelcast-config-checked");
        BackgroundStart.Work<HazelcastNode> work = () -> HazelcastNode.start(configFile, clusterName, userContext, checked);
        return background
                ? BackgroundStart.begin("hazelcast", work, HazelcastNode::stop)
                : BackgroundStart.inline("hazelcast", work, HazelcastNode::stop);
    }

    /** Detaches the directory from the maps when the context stops. */
    private record DirectoryService(HazelcastCustomerDirectory directory) implements Service {
        @Override
        public void start() {
        }

        @Override
        public void stop() {
            directory.close();
        }
    }
}
