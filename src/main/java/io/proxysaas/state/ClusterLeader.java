package io.proxysaas.state;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import java.util.Iterator;

/**
 * Decides which node runs the cluster's scheduled jobs (strike sweep, quota reset, alerts): the
 * oldest member, as Hazelcast orders members by join time on every node alike. When it leaves,
 * the next oldest takes over at the next tick, so a job runs once per cluster, not once per node.
 */
public final class ClusterLeader {

    private final HazelcastInstance hazelcast;

    public ClusterLeader(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    public boolean isLeader() {
        if (!hazelcast.getLifecycleService().isRunning()) {
            return false;
        }
        Iterator<Member> members = hazelcast.getCluster().getMembers().iterator();
        return members.hasNext() && members.next().localMember();
    }
}
