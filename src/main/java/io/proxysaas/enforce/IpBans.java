package io.proxysaas.enforce;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.proxysaas.access.CidrBlock;
import io.proxysaas.access.CidrTable;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admin IP bans: stored in MariaDB ({@code ip_bans}), shared through the ReplicatedMap {@code ip-bans}
 * (the first member loads it from the database) and matched from a local {@link CidrTable} that an
 * entry listener keeps current, so a ban added on any node refuses on every node without a network call.
 * A ban with an end date stops matching at that time; the most specific block decides.
 */
public final class IpBans implements AutoCloseable {

    static final String MAP = "ip-bans";
    private static final Logger LOG = LoggerFactory.getLogger(IpBans.class);

    private final ReplicatedMap<String, IpBan> shared;
    private final JdbcIpBans store;
    private final Clock clock;
    private final CidrTable<IpBan> table = new CidrTable<>();
    private final UUID listener;

    IpBans(HazelcastInstance hazelcast, JdbcIpBans store, Clock clock) {
        this.shared = hazelcast.getReplicatedMap(MAP);
        this.store = store;
        this.clock = clock;
        this.listener = shared.addEntryListener(new Follower());
        if (shared.isEmpty()) {
            store.all().forEach(ban -> shared.put(ban.cidr(), ban));
        }
        shared.values().forEach(this::index);
        LOG.info("IP bans loaded: {}", table.size());
    }

    /** The ban in force for {@code address}, if any. */
    public Optional<IpBan> banned(InetAddress address) {
        if (table.isEmpty()) { // every admission asks: no per-prefix counting
            return Optional.empty();
        }
        return table.lookup(address).filter(ban -> ban.activeAt(clock.instant()));
    }

    /** Bans an address or block (parse errors name the value); replaces an earlier ban of the same block. */
    public IpBan ban(String ipOrCidr, String reason, Instant until) {
        CidrBlock block = CidrBlock.parse(ipOrCidr);
        IpBan ban = new IpBan(block.canonical(), reason, until == null ? null : until.truncatedTo(ChronoUnit.MILLIS),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        store.put(ban);
        shared.put(ban.cidr(), ban);
        index(ban);
        return ban;
    }

    /** Lifts the ban of exactly this address or block; returns the lifted ban. */
    public Optional<IpBan> lift(String ipOrCidr) {
        CidrBlock block = CidrBlock.parse(ipOrCidr);
        boolean stored = store.delete(block.canonical());
        IpBan old = shared.remove(block.canonical());
        table.remove(block);
        if (old == null && stored) {
            old = new IpBan(block.canonical(), null, null, null); // in the database only (member joined late)
        }
        return Optional.ofNullable(old);
    }

    public List<IpBan> list() {
        return shared.values().stream().sorted(Comparator.comparing(IpBan::cidr)).toList();
    }

    private void index(IpBan ban) {
        try {
            table.put(CidrBlock.parse(ban.cidr()), ban);
        } catch (IllegalArgumentException e) {
            LOG.warn("IP ban '{}' skipped: {}", ban.cidr(), e.getMessage());
        }
    }

    private void unindex(String cidr) {
        try {
            table.remove(CidrBlock.parse(cidr));
        } catch (IllegalArgumentException e) {
            LOG.debug("IP ban '{}' was never indexed", cidr);
        }
    }

    @Override
    public void close() {
        try {
            shared.removeEntryListener(listener);
        } catch (RuntimeException e) {
            LOG.debug("ip-bans listener not removed (member already stopped): {}", e.getMessage());
        }
    }

    /** Applies other members' changes to the local table. */
    private final class Follower implements EntryListener<String, IpBan> {
        @Override
        public void entryAdded(EntryEvent<String, IpBan> event) {
            index(event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, IpBan> event) {
            index(event.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, IpBan> event) {
            unindex(event.getKey());
        }

        @Override
        public void entryEvicted(EntryEvent<String, IpBan> event) {
            unindex(event.getKey());
        }

        @Override
        public void entryExpired(EntryEvent<String, IpBan> event) {
            unindex(event.getKey());
        }

        @Override
        public void mapCleared(MapEvent event) {
            shared.keySet().forEach(IpBans.this::unindex);
        }

        @Override
        public void mapEvicted(MapEvent event) {
        }
    }
}
