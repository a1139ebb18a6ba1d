package io.proxysaas.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxysaas.it.FreePorts;
import io.proxysaas.observe.ReadinessCheck;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The module's wiring in a real app: the Quartz probe route, readiness, and 1,000 ports on shared event loops. */
class PoolModuleTest {

    @TempDir
    Path dir;
    private PoolModuleHarness app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void should_probe_on_the_quartz_schedule_from_routes_pool_yaml() throws Exception {
        int base = FreePorts.consecutive(1);
        int deadUpstream;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadUpstream = s.getLocalPort();
        }
        Path file = dir.resolve("proxy.txt");
        Files.writeString(file, "http://u:topsecret@127.0.0.1:" + deadUpstream + "\n");
        app = new PoolModuleHarness(file, base, Map.of("pool.probe.cron", "0/1 * * * * ?",
                "pool.probe.target", "127.0.0.1:9", "relay.connect-timeout", "2")).start();

        await().atMost(Duration.ofSeconds(10)).until(() -> !app.pool().health(base).healthy());
        assertThat(app.pool().health(base).lastError()).contains("cannot connect to upstream").doesNotContain("topsecret");
    }

    @Test
    void should_bind_the_beans_other_modules_need() throws Exception {
        int base = FreePorts.consecutive(2);
        Path file = dir.resolve("proxy.txt");
        Files.writeString(file, "h1:1\nbad line here\n");
        app = new PoolModuleHarness(file, base, Map.of()).start();
        var registry = app.camel.context().getRegistry();

        assertThat(registry.findSingleByType(UpstreamPool.class)).isSameAs(app.pool());
        assertThat(registry.findSingleByType(ListenerControl.class)).isNotNull();
        assertThat(registry.findSingleByType(UpstreamProber.class)).isNotNull();
        ReadinessCheck readiness = registry.lookupByNameAndType("poolReadiness", ReadinessCheck.class);
        assertThat(readiness.name()).isEqualTo("pool");
        assertThat(readiness.problem()).isNull();
    }

    @Test
    void should_bind_1000_ports_on_shared_event_loops_with_bounded_threads() throws Exception {
        int count = 1000;
        int base = FreePorts.consecutive(count);
        Path file = dir.resolve("proxy.txt");
        Files.writeString(file, IntStream.range(0, count).mapToObj(i -> "u" + i + ":p@127.0.0.1:" + (1 + i))
                .collect(Collectors.joining("\n")));
        long start = System.nanoTime();
        app = new PoolModuleHarness(file, base, Map.of()).start();
        long startMillis = (System.nanoTime() - start) / 1_000_000;
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        System.out.printf("1000 ports: bound in %d ms (%d ms CPU) after the context started (app start incl. binds "
                        + "%d ms), live threads %d, load average %.2f%n", app.initialLoadMillis(),
                app.initialLoadCpuMillis(), startMillis, threads,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        assertThat(app.pool().entries()).hasSize(count);
        assertThat(app.reloader().pendingBinds()).isEmpty();
        assertThat(threads).isLessThan(150);
        assertThat(acceptedConnections(base, count)).isEqualTo(count);
        assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isLessThan(150);
    }

    @Test
    void should_not_leave_an_event_notifier_behind_per_listener_started_after_start_up() throws Exception {
        int count = 40;
        // the pool's ports, the one the reload adds, and the API port after them: one run, so no two collide
        int base = FreePorts.consecutive(count + 2);
        int apiPort = base + count + 1;
        Path file = dir.resolve("proxy.txt");
        Files.writeString(file, IntStream.range(0, count).mapToObj(i -> "u" + i + ":p@127.0.0.1:" + (1 + i))
                .collect(Collectors.joining("\n")));
        // the product's APIs run on camel-platform-http-main, whose start-up listener is what leaked
        app = new PoolModuleHarness(file, base, Map.of("camel.server.enabled", "true",
                "camel.server.host", "127.0.0.1", "camel.server.port", String.valueOf(apiPort))).start();
        var strategy = app.camel.context().getManagementStrategy();
        int afterStart = strategy.getEventNotifiers().size();

        Files.writeString(file, "\nu-last:p@127.0.0.1:99", java.nio.file.StandardOpenOption.APPEND);
        app.reloader().reload();

        assertThat(app.reloader().pendingBinds()).isEmpty();
        assertThat(app.pool().entries()).hasSize(count + 1);
        assertThat(strategy.getEventNotifiers())
                .as("one summary notifier from the initial start, none per listener route")
                .filteredOn(n -> n.getClass().getName().startsWith(StartupListenerTrim.HTTP_SUMMARY_LISTENER_PREFIX))
                .hasSize(1);
        assertThat(strategy.getEventNotifiers()).hasSize(afterStart);
    }

    /** Connects once to every port, 8 at a time, and counts the ports that greeted with their number. */
    private static int acceptedConnections(int base, int count) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int port = base; port < base + count; port++) {
                int p = port;
                results.add(clients.submit(() -> PoolModuleHarness.greeting(p).startsWith("port " + p + " ")));
            }
            int ok = 0;
            for (Future<Boolean> r : results) {
                ok += r.get() ? 1 : 0;
            }
            return ok;
        } finally {
            clients.shutdownNow();
        }
    }
}
