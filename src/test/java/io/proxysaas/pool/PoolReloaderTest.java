package io.proxysaas.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reload diff with an in-memory listener control: fast checks of what a reload touches. */
class PoolReloaderTest {

    @TempDir
    Path dir;
    private Path file;
    private final FakeListeners listeners = new FakeListeners();
    private final InMemoryUpstreamPool pool = new InMemoryUpstreamPool(listeners::isBound, Clock.systemUTC());
    private PoolReloader reloader;

    @BeforeEach
    void setUp() throws Exception {
        file = dir.resolve("proxy.txt");
        Files.writeString(file, "h1:1\nh2:2\nh3:3\n");
        reloader = new PoolReloader(file, 7000, pool, listeners, () -> PortConnections.NONE, Duration.ofHours(1), true);
        reloader.reload();
        listeners.calls.clear();
        listeners.batches.clear();
    }

    @AfterEach
    void tearDown() {
        reloader.close();
    }

    @Test
    void should_reload_on_a_hangup_through_its_own_thread_and_report_one_that_reaches_it_closed() throws Exception {
        Files.writeString(file, "h1:1\nh2:22\nh3:3\n");
        ScheduledExecutorService running = Executors.newSingleThreadScheduledExecutor();
        try {
            reloader.onHangup(running);
            running.shutdown();
            assertThat(running.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            running.shutdownNow();
        }
        assertThat(listeners.calls).containsExactly("unbind 7001", "bind 7001");

        // a signal handler left behind by a closed reloader: the reload is refused and said, nothing thrown
        Files.writeString(file, "h1:1\nh2:222\nh3:3\n");
        listeners.calls.clear();
        reloader.onHangup(running);
        assertThat(listeners.calls).isEmpty();
        assertThat(pool.entry(7001)).get().extracting(e -> e.upstream().port()).isEqualTo(22);
    }

    @Test
    void should_not_reload_when_the_file_is_touched_without_a_change() throws Exception {
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        reloader.checkForChange();
        assertThat(listeners.calls).isEmpty();
    }

    @Test
    void should_reload_on_check_when_the_content_changed() throws Exception {
        Files.writeString(file, "h1:1\nh2:22\nh3:3\n");
        reloader.checkForChange();
        assertThat(listeners.calls).containsExactly("unbind 7001", "bind 7001");
    }

    @Test
    void should_unbind_the_port_of_a_line_that_turned_bad_and_keep_the_others() throws Exception {
        Files.writeString(file, "h1:1\nh2:notaport\nh3:3\n");
        ReloadReport report = reloader.reload();
        assertThat(report.removed()).containsExactly(7001);
        assertThat(report.unchanged()).containsExactly(7000, 7002);
        assertThat(report.problems()).extracting(PoolProblem::line).containsExactly(2);
        assertThat(listeners.calls).containsExactly("unbind 7001");
    }

    @Test
    void should_unbind_everything_when_the_file_is_emptied() throws Exception {
        Files.writeString(file, "# nothing\n");
        ReloadReport report = reloader.reload();
        assertThat(report.removed()).containsExactly(7000, 7001, 7002);
        assertThat(pool.entries()).isEmpty();
        assertThat(listeners.bound).isEmpty();
    }

    @Test
    void should_bind_the_ports_of_a_reload_in_one_batch_and_keep_the_failed_ones_pending() throws Exception {
        Files.writeString(file, IntStream.rangeClosed(1, 12).mapToObj(i -> "h" + i + ":" + i)
                .collect(Collectors.joining("\n", "", "\n")).replace("h2:2", "h2:22"));
        listeners.busy.add(7005);

        ReloadReport report = reloader.reload();

        assertThat(listeners.batches).containsExactly(List.of(7001, 7003, 7004, 7005, 7006, 7007, 7008, 7009, 7010, 7011));
        assertThat(report.bindFailures()).extracting(BindFailure::port).containsExactly(7005);
        assertThat(report.bindFailures().get(0).reason()).isEqualTo("port 7005 is busy");
        assertThat(reloader.pendingBinds()).extracting(BindFailure::port).containsExactly(7005);
        assertThat(listeners.bound).hasSize(11).doesNotContain(7005);
    }

    /** Binds in memory and records every call; ports in {@code busy} fail to bind. */
    static final class FakeListeners implements ListenerControl {
        final Set<Integer> bound = new HashSet<>();
        final Set<Integer> busy = new HashSet<>();
        final List<String> calls = new ArrayList<>();
        final List<List<Integer>> batches = new ArrayList<>();

        @Override
        public void bind(int port) throws BindFailedException {
            calls.add("bind " + port);
            if (busy.contains(port)) {
                throw new BindFailedException(port, "port " + port + " is busy", null);
            }
            bound.add(port);
        }

        @Override
        public List<BindFailedException> bindAll(Collection<Integer> ports) {
            batches.add(List.copyOf(ports));
            return ListenerControl.super.bindAll(ports);
        }

        @Override
        public void unbind(int port) {
            calls.add("unbind " + port);
            bound.remove(port);
        }

        @Override
        public boolean isBound(int port) {
            return bound.contains(port);
        }
    }
}
