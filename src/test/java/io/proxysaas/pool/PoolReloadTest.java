package io.proxysaas.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.proxysaas.it.FreePorts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.camel.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reload of proxy.txt in a running app: only changed ports are touched, whatever the trigger. */
class PoolReloadTest {

    @TempDir
    Path dir;
    private Path poolFile;
    private int base;
    private PoolModuleHarness app;

    @BeforeEach
    void writePool() throws Exception {
        base = FreePorts.consecutive(6);
        poolFile = dir.resolve("proxy.txt");
        Files.writeString(poolFile, lines(1, 2, 3, 4, 5));
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    /** One line per upstream port, user u, password p-<port>. */
    private static String lines(int... upstreamPorts) {
        return IntStream.of(upstreamPorts).mapToObj(p -> "http://u:p-" + p + "@127.0.0.1:" + (10_000 + p))
                .collect(Collectors.joining("\n", "# test pool\n", "\n"));
    }

    private Route route(int port) {
        return app.camel.context().getRoute(CamelListenerControl.routeId(port));
    }

    @Test
    void should_bind_every_line_after_the_context_started() throws Exception {
        app = new PoolModuleHarness(poolFile, base, Map.of()).start();

        assertThat(app.reloader().loaded()).isTrue();
        for (int port = base; port < base + 5; port++) {
            assertThat(app.pool().isBound(port)).isTrue();
            assertThat(PoolModuleHarness.greeting(port)).isEqualTo("port " + port + " generation 1");
        }
        assertThat(app.pool().entries()).extracting(PoolEntry::line).containsExactly(2, 3, 4, 5, 6);
    }

    @Test
    void should_rebind_only_the_changed_port_on_a_real_sighup() throws Exception {
        app = new PoolModuleHarness(poolFile, base, Map.of()).start();
        Route unchangedRoute = route(base + 1);
        try (PoolModuleHarness.Client open = new PoolModuleHarness.Client(base + 1)) {
            assertThat(open.greeting).isEqualTo("port " + (base + 1) + " generation 1");
            Files.writeString(poolFile, lines(1, 2, 33, 4, 5));

            assertThat(app.reloader().hangupActive())
                    .as("SIGHUP reaches this JVM (false: the suite was started with SIGHUP ignored, e.g. under nohup;"
                            + " scripts/test resets it)").isTrue();
            Process kill = new ProcessBuilder("kill", "-HUP", String.valueOf(ProcessHandle.current().pid())).start();
            assertThat(kill.waitFor()).isZero();

            await().atMost(Duration.ofSeconds(10)).until(() ->
                    app.pool().entry(base + 2).map(e -> e.upstream().port() == 10_033).orElse(false));
            await().atMost(Duration.ofSeconds(5)).until(() -> app.pool().isBound(base + 2));
            // a port just released may refuse the first re-bind for a moment (CamelListenerControl retries it),
            // and every start attempt creates a listener: the newest one must be the one serving
            int generation = app.camel.relayInit.binds(base + 2);
            assertThat(generation).isGreaterThanOrEqualTo(2);
            assertThat(PoolModuleHarness.greeting(base + 2)).isEqualTo("port " + (base + 2) + " generation " + generation);
            assertThat(app.connections.closed).containsExactly(base + 2);
            for (int port : List.of(base, base + 1, base + 3, base + 4)) {
                assertThat(app.camel.relayInit.binds(port)).as("binds of unchanged port %d", port).isEqualTo(1);
            }
            assertThat(route(base + 1)).isSameAs(unchangedRoute);
            assertThat(open.echo("still here")).isEqualTo("still here");
        }
    }

    @Test
    void should_report_added_changed_removed_and_unchanged_ports_through_reload() throws Exception {
        app = new PoolModuleHarness(poolFile, base, Map.of()).start();
        try (PoolModuleHarness.Client open = new PoolModuleHarness.Client(base)) {
            // line 3 changes its password, the fifth upstream goes, a sixth comes on a pinned port
            Files.writeString(poolFile, lines(1, 2, 3, 4).replace("p-3@", "new-secret@")
                    + (base + 5) + " http://u:p-6@127.0.0.1:10006\n");

            ReloadReport report = app.reloader().reload();

            assertThat(report.changed()).containsExactly(base + 2);
            assertThat(report.removed()).containsExactly(base + 4);
            assertThat(report.added()).containsExactly(base + 5);
            assertThat(report.unchanged()).containsExactly(base, base + 1, base + 3);
            assertThat(report.bindFailures()).isEmpty();
            assertThat(report.summary()).doesNotContain("new-secret").doesNotContain("p-1");
            assertThat(app.connections.closed).containsExactlyInAnyOrder(base + 2, base + 4);
            assertThat(open.echo("ping")).isEqualTo("ping");
        }
    }

    @Test
    void should_reload_when_the_file_changes() throws Exception {
        app = new PoolModuleHarness(poolFile, base, Map.of("pool.watch-interval", "1")).start();
        Route unchangedRoute = route(base);
        Files.writeString(poolFile, lines(1, 2, 3, 4, 55));

        await().atMost(Duration.ofSeconds(10)).until(() ->
                app.pool().entry(base + 4).map(e -> e.upstream().port() == 10_055).orElse(false));
        await().atMost(Duration.ofSeconds(5)).until(() -> app.pool().isBound(base + 4));
        int generation = app.camel.relayInit.binds(base + 4); // >= 2: see the SIGHUP test
        assertThat(generation).isGreaterThanOrEqualTo(2);
        assertThat(PoolModuleHarness.greeting(base + 4)).isEqualTo("port " + (base + 4) + " generation " + generation);
        assertThat(route(base)).isSameAs(unchangedRoute);
        assertThat(app.camel.relayInit.binds(base)).isEqualTo(1);
    }

    @Test
    void should_keep_serving_the_old_pool_when_the_file_disappears() throws Exception {
        app = new PoolModuleHarness(poolFile, base, Map.of()).start();
        Files.delete(poolFile);

        assertThatThrownBy(() -> app.reloader().reload())
                .isInstanceOf(PoolFileException.class)
                .hasMessageContaining(poolFile.toAbsolutePath().toString());
        assertThat(app.pool().entries()).hasSize(5);
        assertThat(PoolModuleHarness.greeting(base)).startsWith("port " + base);
    }

    @Test
    void should_fail_start_naming_a_missing_pool_file() {
        Path missing = dir.resolve("nope/proxy.txt");
        app = new PoolModuleHarness(missing, base, Map.of());
        assertThatThrownBy(() -> app.start())
                .rootCause().hasMessageContaining(missing.toAbsolutePath().toString());
    }

    @Test
    void should_report_a_port_in_use_serve_the_rest_and_bind_it_on_retry() throws Exception {
        int busy = base + 2;
        try (ServerSocket held = new ServerSocket(busy, 1, InetAddress.getLoopbackAddress())) {
            app = new PoolModuleHarness(poolFile, base, Map.of()).start();

            ReloadReport report = app.reloader().reload();
            assertThat(report.bindFailures()).singleElement().satisfies(f -> {
                assertThat(f.port()).isEqualTo(busy);
                assertThat(f.reason()).contains("127.0.0.1:" + busy).contains("Address already in use");
            });
            assertThat(app.pool().isBound(busy)).isFalse();
            assertThat(PoolModuleHarness.greeting(base + 3)).startsWith("port " + (base + 3));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> app.pool().isBound(busy));
        assertThat(PoolModuleHarness.greeting(busy)).startsWith("port " + busy);
        assertThat(app.reloader().pendingBinds()).isEmpty();
    }
}
