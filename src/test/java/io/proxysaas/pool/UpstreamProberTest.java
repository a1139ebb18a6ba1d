package io.proxysaas.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxysaas.it.FreePorts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The health probe against real Debian tinyproxy (HTTP CONNECT, Basic auth) and microsocks (SOCKS5, RFC 1929). */
class UpstreamProberTest {

    private static final String PASSWORD = "s3cret-pw";

    @TempDir
    Path dir;
    private Process tinyproxy;
    private Process microsocks;
    private ServerSocket target;
    private int httpPort;
    private int socksPort;
    private int closedPort;
    private final InMemoryUpstreamPool pool = new InMemoryUpstreamPool(p -> true, Clock.systemUTC());
    private UpstreamProber prober;

    @BeforeEach
    void start() throws Exception {
        int base = FreePorts.consecutive(3);
        httpPort = base;
        socksPort = base + 1;
        closedPort = base + 2;
        target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Path conf = dir.resolve("tinyproxy.conf");
        Files.writeString(conf, String.join("\n", "Port " + httpPort, "Listen 127.0.0.1", "Timeout 30",
                "MaxClients 20", "Allow 127.0.0.1", "BasicAuth demo " + PASSWORD, "LogLevel Error",
                "PidFile \"" + dir.resolve("tinyproxy.pid") + "\"", ""));
        tinyproxy = new ProcessBuilder("/usr/bin/tinyproxy", "-d", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("tinyproxy.log").toFile()).start();
        microsocks = new ProcessBuilder("/usr/bin/microsocks", "-i", "127.0.0.1", "-p", String.valueOf(socksPort),
                "-u", "demo", "-P", PASSWORD)
                .redirectErrorStream(true).redirectOutput(dir.resolve("microsocks.log").toFile()).start();
        awaitListening(httpPort);
        awaitListening(socksPort);
        prober = new UpstreamProber(pool, "127.0.0.1:" + target.getLocalPort(), 4, Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() throws Exception {
        prober.close();
        for (Process p : List.of(tinyproxy, microsocks)) {
            p.destroy();
            p.waitFor();
        }
        target.close();
    }

    private static void awaitListening(int port) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            }
        });
    }

    private void pool(Upstream... upstreams) {
        for (int i = 0; i < upstreams.length; i++) {
            pool.put(5000 + i, new PoolEntry(5000 + i, i + 1, upstreams[i]));
        }
    }

    @Test
    void should_mark_http_and_socks5_upstreams_up_with_latency() throws Exception {
        pool(new Upstream(UpstreamScheme.HTTP, "127.0.0.1", httpPort, "demo", PASSWORD),
                new Upstream(UpstreamScheme.SOCKS5, "127.0.0.1", socksPort, "demo", PASSWORD));

        UpstreamProber.ProbeSummary summary = prober.probeAll();

        assertThat(summary.up()).isEqualTo(2);
        assertThat(summary.down()).isZero();
        for (int port : List.of(5000, 5001)) {
            UpstreamHealth health = pool.health(port);
            assertThat(health.healthy()).as("port %d", port).isTrue();
            assertThat(health.latencyMs()).isBetween(0L, 3000L);
            assertThat(health.checkedAt()).isNotNull();
            assertThat(health.lastError()).isNull();
        }
    }

    @Test
    void should_mark_wrong_credentials_and_a_closed_port_down_without_leaking_the_password() throws Exception {
        String wrong = "wrong-" + PASSWORD;
        pool(new Upstream(UpstreamScheme.HTTP, "127.0.0.1", httpPort, "demo", wrong),
                new Upstream(UpstreamScheme.SOCKS5, "127.0.0.1", socksPort, "demo", wrong),
                new Upstream(UpstreamScheme.HTTP, "127.0.0.1", closedPort, "demo", wrong),
                new Upstream(UpstreamScheme.SOCKS5, "127.0.0.1", closedPort, "demo", wrong));

        UpstreamProber.ProbeSummary summary = prober.probeAll();

        assertThat(summary.down()).isEqualTo(4);
        assertThat(pool.health(5000).lastError()).isEqualTo(
                "http://demo@127.0.0.1:" + httpPort + ": upstream answered CONNECT 127.0.0.1:" + target.getLocalPort()
                        + " with HTTP 401 (upstream credentials refused)");
        assertThat(pool.health(5001).lastError()).endsWith("SOCKS5 upstream refused the username/password");
        assertThat(pool.health(5002).lastError()).contains("cannot connect to upstream").contains("Connection refused");
        for (int port = 5000; port < 5004; port++) {
            UpstreamHealth health = pool.health(port);
            assertThat(health.healthy()).isFalse();
            assertThat(health.latencyMs()).isEqualTo(-1);
            assertThat(health.lastError()).doesNotContain(wrong).doesNotContain(PASSWORD);
        }
    }

    @Test
    void should_mark_down_an_upstream_that_refuses_the_target() throws Exception {
        target.close();
        pool(new Upstream(UpstreamScheme.SOCKS5, "127.0.0.1", socksPort, "demo", PASSWORD));

        prober.probeAll();

        assertThat(pool.health(5000).healthy()).isFalse();
        assertThat(pool.health(5000).lastError()).contains("SOCKS5 upstream refused CONNECT 127.0.0.1:");
    }

    @Test
    void should_time_out_an_upstream_that_never_answers() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            pool(new Upstream(UpstreamScheme.HTTP, "127.0.0.1", silent.getLocalPort(), null, null));
            long start = System.nanoTime();
            prober.probeAll();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(6000);
            assertThat(pool.health(5000).lastError()).endsWith("upstream did not answer within 3000 ms");
        }
    }

    @Test
    void should_scrub_a_password_echoed_in_an_error() {
        assertThat(UpstreamProber.scrub("x hunter2 y", "hunter2")).isEqualTo("x **** y");
        assertThat(UpstreamProber.scrub("x", null)).isEqualTo("x");
    }
}
