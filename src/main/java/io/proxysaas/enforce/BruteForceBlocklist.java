package io.proxysaas.enforce;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.proxysaas.access.HostAddresses;
import io.proxysaas.access.IpBlocklist;
import io.proxysaas.access.RefusalReason;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client-IP gate of admission and of the APIs (SPEC §4): admin {@link IpBans} -> IP_BANNED, then
 * brute-force blocks -> IP_BLOCKED. Failures are counted per node ({@link FailureCounter}: N failures
 * on one node inside the window); a block goes into the ReplicatedMap {@code ip-blocks} (ip -> until,
 * with a TTL) so every node refuses the IP from local memory until it ends by itself or is lifted.
 */
public final class BruteForceBlocklist implements IpBlocklist {

    static final String MAP = "ip-blocks";
    static final Logger SECURITY = LoggerFactory.getLogger("proxysaas.security");

    private final IpBans bans;
    private final FailureCounter counter;
    private final ReplicatedMap<String, Long> blocks;
    private final Duration blockFor;
    private final Clock clock;

    BruteForceBlocklist(HazelcastInstance hazelcast, IpBans bans, FailureCounter counter, Duration blockFor,
                        Clock clock) {
        this.bans = bans;
        this.counter = counter;
        this.blocks = hazelcast.getReplicatedMap(MAP);
        this.blockFor = blockFor;
        this.clock = clock;
    }

    @Override
    public RefusalReason check(InetAddress clientIp) {
        if (bans.banned(clientIp).isPresent()) {
            return RefusalReason.IP_BANNED;
        }
        return blockedUntil(HostAddresses.text(clientIp)) != null ? RefusalReason.IP_BLOCKED : null;
    }

    @Override
    public void authFailed(InetAddress clientIp) {
        String ip = HostAddresses.text(clientIp);
        if (blockedUntil(ip) != null) {
            return; // refused before its credentials are even looked at; nothing more to learn
        }
        SECURITY.info("Failed authentication from {}", ip);
        if (counter.failed(ip)) {
            Instant until = clock.instant().plus(blockFor);
            blocks.put(ip, until.toEpochMilli(), blockFor.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            SECURITY.warn("Blocked {} until {}: too many failed authentications", ip, until);
        }
    }

    /** Until when {@code ip} (textual, as {@link InetAddress#getHostAddress()}) is blocked, or null. */
    public Instant blockedUntil(String ip) {
        // no isEmpty() shortcut: on a ReplicatedMap it walks every partition (271), get() reads one
        Long until = blocks.get(ip);
        return until == null || until <= clock.millis() ? null : Instant.ofEpochMilli(until);
    }

    /** Lifts a brute-force block (and forgets this node's count); returns whether one was in force. */
    public boolean unblock(String ip) {
        counter.forget(ip);
        Long until = blocks.remove(ip);
        boolean lifted = until != null && until > clock.millis();
        if (lifted) {
            SECURITY.info("Brute-force block of {} lifted", ip);
        }
        return lifted;
    }

    /** Every block in force, by IP. */
    public Map<String, Instant> blocks() {
        long now = clock.millis();
        Map<String, Instant> out = new TreeMap<>();
        blocks.forEach((ip, until) -> {
            if (until > now) {
                out.put(ip, Instant.ofEpochMilli(until));
            }
        });
        return out;
    }

    public IpBans bans() {
        return bans;
    }
}
