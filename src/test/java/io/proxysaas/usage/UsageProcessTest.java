package io.proxysaas.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxysaas.it.Cleanup;
import io.proxysaas.it.ProductProcess;
import io.proxysaas.limits.BillingPeriod;
import io.proxysaas.relay.ExternalProxy;
import io.proxysaas.store.TestDatabase;
import io.proxysaas.usage.RawClients.Counted;
import io.proxysaas.usage.RawClients.Front;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as a real process (its own JVM, its launcher's {@code main}, its shutdown hooks), for
 * what only a real process shows.
 * <p>
 * Stopped the way operators stop it (SIGTERM from systemd, Ansible or {@code kill}): its shutdown
 * hooks, not a test's {@code main.stop()}. The bytes of a tunnel that closed just before and of one
 * still open at the signal are in MariaDB once the process has exited, and the shutdown ran in order
 * (usage flushed into a running member, then the member's graceful stop writing them through)
 * instead of Hazelcast's own hook terminating the member first.
 * <p>
 * On the machine's real core count it does not start a thread per task: every usage batch completes
 * Hazelcast entry-processor calls (and a Pro customer's quota leases more), and with a common pool of
 * parallelism 1 (what a 2-core machine gets unless {@code main} widens it before the pool exists) the
 * JDK and Hazelcast run each such completion on a new thread. Measured with the JVM's own count of
 * started threads around batches known to have been applied (their bytes are in MariaDB).
 */
class UsageProcessTest {

    private static final int MIB = 1024 * 1024;
    private static final int BATCHES = 6;

    @TempDir
    static Path dir;
    static TestDatabase db;
    static ExternalProxy tinyproxy;
    static CountingOrigin origin;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create();
        tinyproxy = ExternalProxy.tinyproxy(dir, "up", "secret");
        origin = new CountingOrigin();
    }

    @AfterAll
    static void stop() throws Exception {
        Cleanup.closeAll(origin, tinyproxy, db);
    }

    @Test
    void should_persist_every_relayed_byte_when_the_process_is_stopped_by_sigterm() throws Exception {
        try (ProductProcess product = ProductProcess.start(dir, db, List.of("http://up:secret@127.0.0.1:" + tinyproxy.port))) {
            String finishedUser = "sigterm-done";
            String heldUser = "sigterm-held";
            String finishedPassword = customer(product, finishedUser, "Pro");
            String heldPassword = customer(product, heldUser, "Pro");

            RawClients.Held held = RawClients.holdOpen(product.portBase, heldUser, heldPassword, origin.port(), 3 * MIB);
            try {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                        UsageChecks.number(UsageChecks.usage(product::admin, heldUser), "live_sockets")).as("the held tunnel is counted").isEqualTo(1));
                // closed a moment before the signal: its bytes are still waiting for the next report
                Counted finished = RawClients.download(Front.CONNECT, product.portBase, finishedUser, finishedPassword,
                        origin.port(), 2 * MIB);

                int exit = product.terminate(Duration.ofSeconds(60));

                String output = product.output();
                assertThat(output).as("exit code %s; Hazelcast's own shutdown hook must not terminate the member", exit)
                        .doesNotContain("Terminating forcefully");
                assertThat(output).as("the graceful shutdown finished in time")
                        .doesNotContain("Timeout occurred during graceful shutdown")
                        .contains("Usage flushed at shutdown");
                String period = BillingPeriod.calendarMonth(Instant.now(), ZoneOffset.UTC).key();
                assertThat(UsageChecks.stored(db.dataSource(), finishedUser)).as("the tunnel closed just before SIGTERM, in MariaDB")
                        .containsExactly(period, finished.written(), finished.read(), 1L);
                assertThat(UsageChecks.stored(db.dataSource(), heldUser)).as("the tunnel open at SIGTERM, in MariaDB")
                        .containsExactly(period, held.counted().written(), held.counted().read(), 1L);
            } finally {
                held.close();
            }
        }
    }

    @Test
    void should_apply_usage_batches_without_starting_a_thread_per_batch() throws Exception {
        try (ProductProcess product = ProductProcess.start(dir, db, List.of("http://up:secret@127.0.0.1:" + tinyproxy.port))) {
            String user = "threads-user";
            String password = customer(product, user, "Pro");
            // warm-up: every pool the traffic path uses has its threads once these bytes are stored
            Counted total = tunnel(product, user, password, new Counted(0, 0));
            total = tunnel(product, user, password, total);

            long before = product.threadsStarted();
            for (int i = 0; i < BATCHES; i++) {
                total = tunnel(product, user, password, total);
            }
            long started = product.threadsStarted() - before;

            // with a thread per completion: at least two per batch (customer and port counters)
            assertThat(started).as("threads the product started while %d usage batches were applied", BATCHES)
                    .isLessThan(BATCHES);
        }
    }

    /** A customer on {@code plan}, created through the admin API; answers its password. */
    private static String customer(ProductProcess product, String username, String plan) throws Exception {
        return (String) UsageChecks.createCustomer(product::admin, username, plan).get("password");
    }

    /** One tunnel, then waits until its bytes are in MariaDB: a batch with them was applied and written. */
    private static Counted tunnel(ProductProcess product, String user, String password, Counted sofar) throws Exception {
        Counted total = sofar.plus(RawClients.download(Front.CONNECT, product.portBase, user, password, origin.port(), 64 * 1024));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(UsageChecks.stored(db.dataSource(), user))
                .as("usage of %s in MariaDB", user).element(2).isEqualTo(total.read()));
        return total;
    }
}
