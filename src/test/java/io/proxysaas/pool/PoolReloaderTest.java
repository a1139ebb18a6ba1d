package io.proxysaas.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
    }

    @AfterEach
    void tearDown() {
        reloader.close();
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

    /** Binds in memory and records every call. */
    static final class FakeListeners implements ListenerControl {
        final Set<Integer> bound = new HashSet<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public void bind(int port) {
            calls.add("bind " + port);
            bound.add(port);
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
