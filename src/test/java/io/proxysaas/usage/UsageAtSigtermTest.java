package io.proxysaas.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * The product as a real process stopped the way operators stop it (SIGTERM from systemd, Ansible or
 * {@code kill}): its shutdown hooks, not a test's {@code main.stop()}. The bytes of a tunnel that
 * closed just before and of one still open at the signal are in MariaDB once the process has exited,
 * and the shutdown ran in order (usage flushed into a running member, then the member's graceful
 * stop writing them through) instead of Hazelcast's own hook terminating the member first.
 */
class UsageAtSigtermTest {

    private static final int MIB = 1024 * 1024;

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
        if (origin != null) {
            origin.close();
        }
        if (tinyproxy != null) {
            tinyproxy.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void should_persist_every_relayed_byte_when_the_process_is_stopped_by_sigterm() throws Exception {
        try (ProductProcess product = ProductProcess.start(dir, db, List.of("http://up:secret@127.0.0.1:" + tinyproxy.port))) {
            String finishedUser = "sigterm-done";
            String heldUser = "sigterm-held";
            String finishedPassword = createCustomer(product, finishedUser);
            String heldPassword = createCustomer(product, heldUser);

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

    private static String createCustomer(ProductProcess product, String username) throws Exception {
        return (String) UsageChecks.createCustomer(product::admin, username, "Pro").get("password");
    }
}
