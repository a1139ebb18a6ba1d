package io.proxysaas.usage;

import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.proxysaas.state.HazelcastNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Real Hazelcast members in this JVM for one test class: a random cluster, TCP-IP on 127.0.0.1, no join wait. */
final class TestMembers implements AutoCloseable {

    private final String cluster = "usage-test-" + UUID.randomUUID();
    private final List<HazelcastInstance> started = new ArrayList<>();

    /** A member joining the earlier ones; with {@code dataSource} the usage maps are written behind to it. */
    HazelcastInstance start(DataSource dataSource) {
        Config config = new Config().setClusterName(cluster);
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.getNetworkConfig().setPort(5701).setPortAutoIncrement(true).setPortCount(200);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1);
        started.stream().filter(m -> m.getLifecycleService().isRunning()).forEach(m -> join.getTcpIpConfig()
                .addMember("127.0.0.1:" + m.getCluster().getLocalMember().getAddress().getPort()));
        if (dataSource != null) {
            config.getUserContext().put(HazelcastNode.DATA_SOURCE, dataSource);
            UsageMaps.configure(config);
        } else {
            config.addMapConfig(new com.hazelcast.config.MapConfig(UsageMaps.USAGE).setBackupCount(1));
            config.addMapConfig(new com.hazelcast.config.MapConfig(UsageMaps.PORT_USAGE).setBackupCount(1));
        }
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        started.add(member);
        int expected = (int) started.stream().filter(m -> m.getLifecycleService().isRunning()).count();
        await().atMost(Duration.ofSeconds(60)).until(() -> member.getCluster().getMembers().size() == expected);
        return member;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            if (started.get(i).getLifecycleService().isRunning()) {
                started.get(i).shutdown();
            }
        }
    }
}
