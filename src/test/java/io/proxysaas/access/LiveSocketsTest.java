package io.proxysaas.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LiveSocketsTest {

    private final LiveSockets sockets = new LiveSockets();

    @Test
    void should_drop_only_customers_without_a_live_socket() {
        sockets.opened("alice", 4000, "10.0.0.1");
        sockets.opened("bob", 4000, "10.0.0.2");
        sockets.closed("bob", 4000, "10.0.0.2");

        assertThat(sockets.entries()).isEqualTo(2);
        assertThat(sockets.dropIdle()).isEqualTo(1);
        assertThat(sockets.entries()).isEqualTo(1);
        assertThat(sockets.total("alice")).isEqualTo(1);
        assertThat(sockets.totals()).containsOnlyKeys("alice");
    }

    @Test
    void should_count_again_after_a_customer_was_dropped() {
        sockets.opened("alice", 4000, "10.0.0.1");
        sockets.closed("alice", 4000, "10.0.0.1");
        sockets.dropIdle();

        assertThat(sockets.tryOpen("alice", 4000, "10.0.0.1", 1, 1, 1)).isNull();
        assertThat(sockets.tryOpen("alice", 4000, "10.0.0.1", 1, 1, 1)).isEqualTo(RefusalReason.IP_THREADS);
        assertThat(sockets.onPort("alice", 4000)).isEqualTo(1);
        assertThat(sockets.fromIp("alice", "10.0.0.1")).isEqualTo(1);
    }

    @Test
    void should_ignore_a_stray_release_and_never_go_below_zero() {
        sockets.opened("alice", 4000, "10.0.0.1");
        sockets.closed("alice", 4000, "10.0.0.1");
        sockets.closed("alice", 4000, "10.0.0.1");
        sockets.closed("alice", 4001, "10.0.0.9");
        sockets.closed("nobody", 4000, "10.0.0.1");

        assertThat(sockets.total("alice")).isZero();
        assertThat(sockets.tryOpen("alice", 4000, "10.0.0.1", 0, 0, 1)).isNull();
        assertThat(sockets.total("alice")).isEqualTo(1);
    }

    @Test
    void should_lose_no_count_while_idle_customers_are_dropped_concurrently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        AtomicBoolean stop = new AtomicBoolean();
        try {
            Future<?> dropper = pool.submit(() -> {
                while (!stop.get()) {
                    sockets.dropIdle();
                }
            });
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                String ip = "10.0.0." + w;
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        sockets.opened("alice", 4000 + i % 3, ip);
                        sockets.closed("alice", 4000 + i % 3, ip);
                    }
                    for (int i = 0; i < 100; i++) {
                        sockets.opened("alice", 4000, ip);
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
            stop.set(true);
            dropper.get(10, TimeUnit.SECONDS);
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }

        assertThat(sockets.total("alice")).isEqualTo(200);
        assertThat(sockets.onPort("alice", 4000)).isEqualTo(200);
        assertThat(sockets.fromIp("alice", "10.0.0.0")).isEqualTo(100);
        assertThat(sockets.dropIdle()).isZero();
    }

    @Test
    void should_open_and_close_a_known_customers_socket_without_allocating() {
        Runnable openAndClose = () -> {
            sockets.tryOpen("alice", 4000, "10.1.2.3", 5, 5, 5);
            sockets.closed("alice", 4000, "10.1.2.3");
        };
        AllocatedBytes.perCall(1000, openAndClose);

        assertThat(AllocatedBytes.perCall(10_000, openAndClose)).isLessThan(1.0);
    }
}
