package io.proxysaas.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sockets racing for the last places of a cap: the check and the count are one atomic step. */
class SocketCapRaceTest {

    private static final int THREADS = 8;
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7})
    void should_grant_exactly_the_cap_to_eight_racing_threads(int cap) throws Exception {
        for (int round = 0; round < 50; round++) {
            LimitedAccess access = new LimitedAccess(PlanLimits.ThreadsMode.PORT);
            access.directory.plan(TestDirectory.limits("p", cap, 0, 0, 0, 0, 0)).customer("alice", "pw-alice", "p");
            assertThat(race(access, "10.0.0.1", 4000, 5)).as("round " + round).isEqualTo(cap);
            assertThat(access.sockets.onPort("alice", 4000)).isEqualTo(cap);
        }
    }

    @Test
    void should_give_back_places_taken_by_sockets_a_later_limit_refuses() throws Exception {
        for (int round = 0; round < 50; round++) {
            LimitedAccess access = new LimitedAccess(PlanLimits.ThreadsMode.PORT);
            access.directory.plan(TestDirectory.limits("p", 0, 2, 4, 0, 0, 0)).customer("alice", "pw-alice", "p");
            assertThat(race(access, "10.0.0.9", 4000, 3)).as("QPS 2 refuses sockets that held an IP place")
                    .isEqualTo(2);
            assertThat(access.sockets.fromIp("alice", "10.0.0.9")).isEqualTo(2);
        }
    }

    @Test
    void should_free_a_place_on_release() {
        LimitedAccess access = new LimitedAccess(PlanLimits.ThreadsMode.PORT);
        access.directory.plan(TestDirectory.limits("p", 1, 0, 0, 0, 0, 0)).customer("alice", "pw-alice", "p");
        Admission.Grant held = (Admission.Grant) access.admit("alice", 4000, "10.0.0.1");
        assertThat(access.admit("alice", 4000, "10.0.0.1")).isInstanceOf(Admission.Refusal.class);

        access.service.release(held);
        access.service.release(held);

        assertThat(access.admit("alice", 4000, "10.0.0.1")).isInstanceOf(Admission.Grant.class);
        assertThat(access.admit("alice", 4000, "10.0.0.1")).as("a double release frees one place only")
                .isInstanceOf(Admission.Refusal.class);
    }

    /** Every thread waits at a barrier, then tries {@code attempts} admissions; returns the grants. */
    private int race(LimitedAccess access, String ip, int port, int attempts) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        AtomicInteger granted = new AtomicInteger();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            work.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                for (int i = 0; i < attempts; i++) {
                    if (access.admit("alice", port, ip) instanceof Admission.Grant) {
                        granted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get(30, TimeUnit.SECONDS);
        }
        return granted.get();
    }
}
