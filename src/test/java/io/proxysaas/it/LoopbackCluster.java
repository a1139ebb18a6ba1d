package io.proxysaas.it;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.proxysaas.state.HazelcastNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Real Hazelcast members for tests: a lone one, or a cluster on loopback only (TCP-IP member list of
 * free ports, no multicast or auto-detection) with a random name. The caller shuts them down.
 */
public final class LoopbackCluster {

    private LoopbackCluster() {
    }

    public static HazelcastInstance lone() {
        return Hazelcast.newHazelcastInstance(HazelcastNode.embedded("lone-" + UUID.randomUUID()));
    }

    /** {@code count} members joined over TCP-IP on 127.0.0.1 (join waits 0), oldest first. */
    public static List<HazelcastInstance> cluster(int count) {
        String name = "cluster-" + UUID.randomUUID();
        int base = FreePorts.consecutive(count);
        List<HazelcastInstance> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Config config = HazelcastNode.embedded(name);
            config.setProperty("hazelcast.wait.seconds.before.join", "0");
            config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
            config.getNetworkConfig().setPort(base + i).setPortAutoIncrement(false);
            JoinConfig join = config.getNetworkConfig().getJoin();
            join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1);
            for (int j = 0; j < count; j++) {
                join.getTcpIpConfig().addMember("127.0.0.1:" + (base + j));
            }
            members.add(Hazelcast.newHazelcastInstance(config));
        }
        return members;
    }
}
