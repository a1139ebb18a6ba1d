package io.proxysaas.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxysaas.it.ProductProcess;
import io.proxysaas.relay.ExternalProxy;
import io.proxysaas.store.TestDatabase;
import io.proxysaas.usage.RawClients.Counted;
import io.proxysaas.usage.RawClients.Front;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as a real process, on the machine's real core count, does not start a thread per
 * task: every usage batch completes Hazelcast entry-processor calls (and a Pro customer's quota
 * leases more), and with a common pool of parallelism 1 (what a 2-core machine gets unless the
 * launcher widens it before the pool exists) the JDK and Hazelcast run each such completion on a
 * new thread. Measured with the JVM's own count of started threads around batches that are known to
 * have been applied (their bytes are in MariaDB), not with a look at live threads.
 */
class UsageThreadsTest {

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
    void should_apply_usage_batches_without_starting_a_thread_per_batch() throws Exception {
        try (ProductProcess product = ProductProcess.start(dir, db, List.of("http://up:secret@127.0.0.1:" + tinyproxy.port))) {
            String user = "threads-user";
            String password = (String) UsageChecks.createCustomer(product::admin, user, "Pro").get("password");
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

    /** One tunnel, then waits until its bytes are in MariaDB: a batch with them was applied and written. */
    private static Counted tunnel(ProductProcess product, String user, String password, Counted sofar) throws Exception {
        Counted total = sofar.plus(RawClients.download(Front.CONNECT, product.portBase, user, password, origin.port(), 64 * 1024));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(UsageChecks.stored(db.dataSource(), user))
                .as("usage of %s in MariaDB", user).element(2).isEqualTo(total.read()));
        return total;
    }
}
