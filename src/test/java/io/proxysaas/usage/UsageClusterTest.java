package io.proxysaas.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.proxysaas.store.TestDatabase;
import io.proxysaas.usage.UsageBatch.Delta;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two real members in one JVM, the usage maps written behind to a real MariaDB: concurrent batches
 * from both nodes add up exactly, survive one member's death (backup) and reach the database.
 */
class UsageClusterTest {

    private static final int BATCHES = 300;

    private TestDatabase db;
    private TestMembers members;

    @BeforeEach
    void start() {
        db = TestDatabase.create();
        members = new TestMembers();
    }

    @AfterEach
    void stop() {
        if (members != null) {
            members.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void should_add_concurrent_batches_of_two_nodes_exactly_and_write_them_to_mariadb() throws Exception {
        HazelcastInstance a = members.start(db.dataSource());
        HazelcastInstance b = members.start(db.dataSource());
        String period = new UsageLedger(a, Clock.systemUTC(), ZoneId.of("UTC")).currentPeriod();
        UsageLedger onA = new UsageLedger(a, Clock.systemUTC(), ZoneId.of("UTC")).start();
        UsageLedger onB = new UsageLedger(b, Clock.systemUTC(), ZoneId.of("UTC")).start();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (UsageLedger ledger : List.of(onA, onB)) {
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < BATCHES; i++) {
                        ledger.apply(new UsageBatch(Instant.now(),
                                Map.of("alice", new Delta(3, 5, 1), "bob", new Delta(1, 0, 0)),
                                Map.of(4000, new Delta(4, 5, 0))));
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }

        CustomerUsage alice = new CustomerUsage(period, 2L * BATCHES * 3, 2L * BATCHES * 5, 2L * BATCHES);
        assertThat(a.<String, CustomerUsage>getMap(UsageMaps.USAGE).get("alice")).isEqualTo(alice);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(onA.current("alice")).isEqualTo(alice);
            assertThat(onB.current("alice")).as("the other member's local copy").isEqualTo(alice);
            assertThat(onB.bytesUsed("bob")).isEqualTo(2L * BATCHES);
        });
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(row("SELECT period, bytes_in, bytes_out, connections FROM usage_current WHERE username = 'alice'"))
                    .containsExactly(period, String.valueOf(alice.bytesIn()), String.valueOf(alice.bytesOut()),
                            String.valueOf(alice.connections()));
            assertThat(row("SELECT period, bytes_in, bytes_out FROM port_usage WHERE port = 4000"))
                    .containsExactly(period, String.valueOf(2L * BATCHES * 4), String.valueOf(2L * BATCHES * 5));
        });
        onA.close();
        onB.close();
    }

    @Test
    void should_keep_every_count_when_a_member_dies_and_reload_them_from_mariadb_after_a_full_stop() throws Exception {
        HazelcastInstance a = members.start(db.dataSource());
        HazelcastInstance b = members.start(db.dataSource());
        UsageLedger onA = new UsageLedger(a, Clock.systemUTC(), ZoneId.of("UTC")).start();
        for (int i = 0; i < 50; i++) {
            onA.apply(new UsageBatch(Instant.now(), Map.of("user" + i, new Delta(i, 1, 1)), Map.of()));
        }
        onA.close();

        a.getLifecycleService().terminate(); // a crash: no partition hand-over, the backups on b take over

        UsageLedger onB = new UsageLedger(b, Clock.systemUTC(), ZoneId.of("UTC")).start();
        for (int i = 0; i < 50; i++) {
            assertThat(onB.bytesUsed("user" + i)).as("user" + i).isEqualTo(i + 1);
        }
        onB.close();
        b.shutdown(); // graceful: flushes the write-behind queue

        HazelcastInstance c = members.start(db.dataSource()); // a fresh cluster on the same database
        UsageLedger onC = new UsageLedger(c, Clock.systemUTC(), ZoneId.of("UTC")).start();
        for (int i = 0; i < 50; i++) {
            assertThat(onC.bytesUsed("user" + i)).as("user" + i + " reloaded").isEqualTo(i + 1);
        }
        onC.close();
    }

    @Test
    void should_lose_at_most_the_write_delay_when_a_lone_node_crashes() throws Exception {
        HazelcastInstance lone = members.start(db.dataSource());
        UsageLedger ledger = new UsageLedger(lone, Clock.systemUTC(), ZoneId.of("UTC")).start();
        String period = ledger.currentPeriod();
        ledger.apply(new UsageBatch(Instant.now(), Map.of("crash", new Delta(100, 200, 1)), Map.of()));
        long applied = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(row("SELECT bytes_in, bytes_out FROM usage_current WHERE username = 'crash'"))
                        .containsExactly("100", "200"));
        Duration reachedDb = Duration.ofNanos(System.nanoTime() - applied);

        ledger.apply(new UsageBatch(Instant.now(), Map.of("crash", new Delta(1, 1, 0)), Map.of()));
        ledger.close();
        lone.getLifecycleService().terminate(); // a crash right after the last batch: no flush

        HazelcastInstance next = members.start(db.dataSource());
        UsageLedger reloaded = new UsageLedger(next, Clock.systemUTC(), ZoneId.of("UTC")).start();
        // documented bound: what is older than the write delay is in MariaDB; the last second may be missing
        assertThat(reachedDb).as("a change reaches MariaDB about one write delay later")
                .isLessThan(Duration.ofSeconds(UsageMaps.WRITE_DELAY_SECONDS + 5));
        assertThat(reloaded.current("crash")).isIn(new CustomerUsage(period, 100, 200, 1), new CustomerUsage(period, 101, 201, 1));
        reloaded.close();
    }

    private List<String> row(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<String> values = new ArrayList<>();
            if (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.add(rs.getString(i));
                }
            }
            return values;
        }
    }
}
