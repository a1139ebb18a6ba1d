package io.proxysaas.state;

import com.hazelcast.core.HazelcastInstance;
import io.proxysaas.config.Module;
import io.proxysaas.config.Settings;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.customer.CustomerRecords;
import io.proxysaas.observe.ReadinessCheck;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.spi.Registry;

/**
 * Wires the hot state: starts the Hazelcast member (stopped with the context), binds
 * {@code hazelcastInstance}, {@code customerDirectory} (loaded from the {@link CustomerRecords}
 * bean when there is one and the cluster is empty) and the "cluster" readiness check.
 */
public final class StateModule implements Module {

    @Override
    public void install(CamelContext context, Settings settings) throws Exception {
        Registry registry = context.getRegistry();
        DataSource dataSource = registry.findSingleByType(DataSource.class);
        HazelcastNode node = HazelcastNode.start(
                settings.string("hazelcast.config", ""),
                settings.string("hazelcast.cluster-name", "proxy-saas"),
                dataSource == null ? Map.of() : Map.of(HazelcastNode.DATA_SOURCE, dataSource));
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
