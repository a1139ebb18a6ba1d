package io.proxysaas.usage;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.proxysaas.access.ClusterLiveSockets;
import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live sockets per customer across the cluster: every {@link #refresh()} (about every second, from
 * {@code routes/usage.yaml}) this node publishes its exact counts into the map {@code live_sockets}
 * under its member id, with a TTL so a dead node's counts vanish by themselves, and reads back the
 * sum of all nodes' entries into a local snapshot that {@link #live} answers from without a network call.
 * <p>
 * The entries are read by key, one per current member ({@code getAll}), not with {@code values()}:
 * that is a query, which visits every partition (271 by default) every second, and it was the biggest
 * share of this route's CPU. A member that left is not asked for; its entry also expires with the TTL.
 * <p>
 * An idle node does not pay for it every second: counts that did not change are published again only
 * when half their TTL has gone by (so they never expire while the node lives), and a member alone in
 * its cluster takes its own counts as the sum instead of reading them back.
 */
public final class ClusterLiveView implements ClusterLiveSockets {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterLiveView.class);

    private final IMap<String, NodeCounts> map;
    private final Cluster cluster;
    private final String node;
    private final Supplier<Map<String, Integer>> localCounts;
    private final Duration ttl;
    private volatile Map<String, Long> snapshot = Map.of();
    /** What the last {@link #refresh()} published, and when (System.nanoTime); a withdraw forgets it. */
    private volatile Map<String, Integer> published;
    private volatile long publishedAt;

    /**
     * @param localCounts this node's exact live sockets per customer (customers with none may be left out)
     * @param ttl         how long a published count lives without a refresh (a few refresh intervals)
     */
    public ClusterLiveView(HazelcastInstance hazelcast, Supplier<Map<String, Integer>> localCounts, Duration ttl) {
        this.map = hazelcast.getMap(UsageMaps.LIVE_SOCKETS);
        this.cluster = hazelcast.getCluster();
        this.node = cluster.getLocalMember().getUuid().toString();
        this.localCounts = localCounts;
        this.ttl = ttl;
    }

    @Override
    public long live(String username) {
        return username == null ? 0 : snapshot.getOrDefault(username, 0L);
    }

    /** Every customer with live sockets somewhere in the cluster, as of the last refresh. */
    public Map<String, Long> snapshot() {
        return snapshot;
    }

    /** Publishes this node's counts, then sums every node's. */
    public void refresh() {
        Map<String, Integer> mine = new HashMap<>(localCounts.get());
        mine.values().removeIf(n -> n == null || n <= 0);
        long now = System.nanoTime();
        if (!mine.equals(published) || now - publishedAt >= ttl.toNanos() / 2) {
            map.set(node, new NodeCounts(mine), ttl.toMillis(), TimeUnit.MILLISECONDS);
            published = mine;
            publishedAt = now;
        }
        Set<Member> members = cluster.getMembers();
        Map<String, Long> sum = new HashMap<>();
        if (members.size() == 1 && members.contains(cluster.getLocalMember())) {
            mine.forEach((u, n) -> sum.put(u, (long) n));
            snapshot = Map.copyOf(sum);
            return;
        }
        Set<String> nodes = new HashSet<>();
        for (Member member : members) {
            nodes.add(member.getUuid().toString());
        }
        for (NodeCounts counts : map.getAll(nodes).values()) {
            counts.perCustomer().forEach((u, n) -> sum.merge(u, (long) n, Long::sum));
        }
        snapshot = Map.copyOf(sum);
    }

    /** A node leaving gracefully takes its counts with it at once (a crashed one's expire with the TTL). */
    public void withdraw() {
        try {
            map.delete(node);
        } catch (RuntimeException e) {
            LOG.debug("live socket counts of {} not withdrawn (member stopping): {}", node, e.getMessage());
        }
        published = null; // a refresh after this writes them again, changed or not
        snapshot = Map.of();
    }

    /** One node's live sockets per customer. */
    public record NodeCounts(Map<String, Integer> perCustomer) implements Serializable {
        public NodeCounts {
            perCustomer = Map.copyOf(perCustomer);
        }
    }
}
