package io.proxysaas.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxysaas.limits.MutableClock;
import io.proxysaas.usage.UsageBatch.Delta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The reporter's deltas: exact across ticks and at close, never lost, never doubled. */
class UsageReporterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-03-31T23:59:59Z"));
    private final UsageReporter reporter = new UsageReporter(clock);

    /** A socket's cumulative counters, as RelaySession exposes them. */
    private static final class Socket {
        final AtomicLong in = new AtomicLong();
        final AtomicLong out = new AtomicLong();
    }

    private Socket open(String user, int port) {
        Socket s = new Socket();
        reporter.opened(s, user, port, s.in::get, s.out::get);
        return s;
    }

    @Test
    void should_report_each_ticks_progress_once() {
        Socket s = open("alice", 4000);
        s.in.addAndGet(100);
        s.out.addAndGet(1000);

        UsageBatch first = reporter.collect();
        s.in.addAndGet(5);
        s.out.addAndGet(7);
        UsageBatch second = reporter.collect();
        UsageBatch idle = reporter.collect();

        assertThat(first.customers()).containsEntry("alice", new Delta(100, 1000, 1));
        assertThat(first.ports()).containsEntry(4000, new Delta(100, 1000, 0));
        assertThat(second.customers()).containsEntry("alice", new Delta(5, 7, 0));
        assertThat(idle.isEmpty()).isTrue();
        assertThat(first.at()).isEqualTo(clock.instant());
    }

    @Test
    void should_report_the_last_bytes_of_a_socket_closed_between_ticks() {
        Socket s = open("bob", 4001);
        s.in.addAndGet(10);
        UsageBatch first = reporter.collect();
        s.in.addAndGet(20);
        s.out.addAndGet(30);
        reporter.closed(s);
        UsageBatch second = reporter.collect();

        assertThat(first.customers()).containsEntry("bob", new Delta(10, 0, 1));
        assertThat(second.customers()).containsEntry("bob", new Delta(20, 30, 0));
        assertThat(reporter.collect().isEmpty()).as("nothing counted twice after close").isTrue();
        assertThat(reporter.liveSockets()).isZero();
    }

    @Test
    void should_count_a_socket_that_opened_and_closed_within_one_interval() {
        Socket s = open("carol", 4002);
        s.in.addAndGet(3);
        s.out.addAndGet(4);
        reporter.closed(s);
        reporter.closed(s); // a second close is ignored

        UsageBatch batch = reporter.collect();

        assertThat(batch.customers()).containsEntry("carol", new Delta(3, 4, 1));
        assertThat(batch.ports()).containsEntry(4002, new Delta(3, 4, 0));
    }

    @Test
    void should_fold_sockets_per_customer_and_per_port() {
        Socket a1 = open("alice", 4000);
        Socket a2 = open("alice", 4001);
        Socket b1 = open("bob", 4001);
        a1.in.addAndGet(1);
        a2.in.addAndGet(2);
        b1.out.addAndGet(4);

        UsageBatch batch = reporter.collect();

        assertThat(batch.customers()).containsEntry("alice", new Delta(3, 0, 2)).containsEntry("bob", new Delta(0, 4, 1));
        assertThat(batch.ports()).containsEntry(4000, new Delta(1, 0, 0)).containsEntry(4001, new Delta(2, 4, 0));
    }

    @Test
    void should_never_report_a_stale_smaller_read_as_negative_or_twice() {
        AtomicLong reads = new AtomicLong(500);
        Object socket = new Object();
        reporter.opened(socket, "dave", 4000, reads::get, () -> 0);
        reporter.collect();
        reads.set(200); // a stale read from another thread
        UsageBatch stale = reporter.collect();
        reads.set(600);
        UsageBatch later = reporter.collect();

        assertThat(stale.customers()).doesNotContainKey("dave");
        assertThat(later.customers()).containsEntry("dave", new Delta(100, 0, 0));
    }

    @Test
    void should_account_every_byte_exactly_while_ticks_race_traffic_and_closes() throws Exception {
        int sockets = 200;
        long perSocket = 10_000;
        List<Socket> all = new ArrayList<>();
        for (int i = 0; i < sockets; i++) {
            all.add(open("user" + (i % 7), 4000 + i % 3));
        }
        CountDownLatch done = new CountDownLatch(1);
        Thread traffic = new Thread(() -> {
            for (long n = 0; n < perSocket; n++) {
                for (Socket s : all) {
                    s.in.incrementAndGet();
                    s.out.addAndGet(2);
                }
            }
            all.forEach(reporter::closed);
            done.countDown();
        });
        long[] sum = new long[3];
        traffic.start();
        int ticks = 0;
        while (done.getCount() > 0 && ticks < 1_000_000) {
            add(sum, reporter.collect());
            ticks++;
        }
        traffic.join(60_000);
        add(sum, reporter.collect());

        assertThat(ticks).as("ticks raced the traffic").isGreaterThan(1);
        assertThat(sum).containsExactly(sockets * perSocket, 2 * sockets * perSocket, sockets);
    }

    private static void add(long[] sum, UsageBatch batch) {
        batch.customers().values().forEach(d -> {
            sum[0] += d.bytesIn();
            sum[1] += d.bytesOut();
            sum[2] += d.connections();
        });
    }
}
