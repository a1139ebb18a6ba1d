package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxysaas.access.LimitedAccess;
import io.proxysaas.access.PlanLimits;
import io.proxysaas.access.RefusalReason;
import io.proxysaas.access.TestDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each plan limit end to end: real curl and raw sockets in front of the relay with the REAL
 * admission (every limit on, real clock), real tinyproxy and microsocks behind, a JDK origin.
 */
class PlanLimitsEndToEndTest {

    static final int HTTP = ProxiedOrigin.HTTP;
    static final int SOCKS = ProxiedOrigin.SOCKS;
    static final long MIB = 1024 * 1024;

    @TempDir
    static Path dir;
    static ProxiedOrigin origin;
    static TargetServer target;
    static LimitedAccess access;
    static RelayHarness relay;

    @BeforeAll
    static void start() throws Exception {
        origin = ProxiedOrigin.start(dir);
        target = origin.target;
        access = new LimitedAccess(Clock.systemUTC(), PlanLimits.ThreadsMode.PORT, 10_000);
        access.directory
                .plan(TestDirectory.limits("threads", 2, 0, 0, 0, 0, 0)).customer("threads", "pw-threads", "threads")
                .plan(TestDirectory.limits("qps", 0, 3, 0, 0, 0, 0)).customer("qps", "pw-qps", "qps")
                .plan(TestDirectory.limits("ipthreads", 0, 0, 1, 0, 0, 0)).customer("ipthreads", "pw-ipthreads", "ipthreads")
                .plan(TestDirectory.limits("ipqps", 0, 0, 0, 2, 0, 0)).customer("ipqps", "pw-ipqps", "ipqps")
                .plan(TestDirectory.limits("sockbw", 0, 0, 0, 0, 0, MIB)).customer("sockbw", "pw-sockbw", "sockbw")
                .plan(TestDirectory.limits("custbw", 0, 0, 0, 0, 2 * MIB, 0)).customer("custbw", "pw-custbw", "custbw");
        relay = origin.serve(new RelayHarness(Duration.ofSeconds(5), Duration.ofSeconds(5), access.service));
    }

    @AfterAll
    static void stop() {
        if (origin != null) {
            origin.close();
        }
    }

    @AfterEach
    void every_socket_was_released() {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(relay.registry.total()).isZero();
            assertThat(access.sockets.totals()).isEmpty();
            assertThat(relay.shapers.customers()).isZero();
        });
    }

    @Test
    void should_refuse_the_socket_past_threads_on_a_port_until_one_closes() throws Exception {
        List<RawClient> held = new ArrayList<>();
        try {
            held.add(connect(HTTP, "threads", null, 200));
            held.add(connect(HTTP, "threads", null, 200));
            try (RawClient third = connect(HTTP, "threads", null, 429)) {
                assertThat(lastHead).contains("X-Proxy-Error: port_threads");
            }
            held.add(socks("threads", null, 0));
            held.add(socks("threads", null, 0));
            try (RawClient refused = socks("threads", null, RefusalReason.Socks5Reply.NOT_ALLOWED)) {
                assertThat(access.sockets.onPort("threads", SOCKS)).isEqualTo(2);
            }

            held.remove(0).close();
            await().atMost(Duration.ofSeconds(5)).until(() -> access.sockets.onPort("threads", HTTP) == 1);
            held.add(connect(HTTP, "threads", null, 200));
        } finally {
            closeAll(held);
        }
    }

    @Test
    void should_refuse_past_the_qps_burst_and_admit_again_a_moment_later() throws Exception {
        long startNanos = System.nanoTime();
        int ok = 0;
        int refused = 0;
        for (int i = 0; i < 10; i++) {
            try (RawClient c = connect(HTTP, "qps", null, -1)) {
                if (lastHead.startsWith("HTTP/1.1 200")) {
                    ok++;
                } else {
                    assertThat(lastHead).startsWith("HTTP/1.1 429").contains("X-Proxy-Error: qps");
                    refused++;
                }
            }
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;

        assertThat(ok).as("burst of 3").isGreaterThanOrEqualTo(3).isLessThanOrEqualTo(3 + (int) Math.ceil(seconds * 3));
        assertThat(refused).isPositive();
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try (RawClient c = connect(HTTP, "qps", null, -1)) {
                return lastHead.startsWith("HTTP/1.1 200");
            }
        });
    }

    @Test
    void should_cap_sockets_per_client_ip_and_leave_other_ips_alone() throws Exception {
        try (RawClient first = connect(HTTP, "ipthreads", "127.0.0.1", 200);
             RawClient second = connect(HTTP, "ipthreads", "127.0.0.1", 429);
             RawClient otherIp = connect(HTTP, "ipthreads", "127.0.0.2", 200)) {
            assertThat(access.sockets.fromIp("ipthreads", "127.0.0.1")).isEqualTo(1);
            assertThat(access.sockets.fromIp("ipthreads", "127.0.0.2")).isEqualTo(1);
        }
        int refusedFromOne = 0;
        for (int i = 0; i < 8; i++) {
            try (RawClient c = socks("ipqps", "127.0.0.1", -1)) {
                if (lastSocksReply == RefusalReason.Socks5Reply.NOT_ALLOWED) {
                    refusedFromOne++;
                }
            }
        }
        assertThat(refusedFromOne).as("ip_qps 2 from 127.0.0.1").isPositive();
        try (RawClient c = socks("ipqps", "127.0.0.2", 0)) {
            assertThat(access.refusals.count(RefusalReason.IP_QPS)).isGreaterThanOrEqualTo(refusedFromOne);
        }
    }

    /**
     * Transfer times are curl's own: first to last body byte for a download, request sent to answer
     * received for an upload (the origin answers a few bytes once it has read the whole body); process start,
     * proxy set-up and the origin's first response are not shaping and are left out. Transfers last 4 s
     * or more, so that a loaded machine's scheduling delays stay small beside them.
     */
    @Test
    void should_hold_one_socket_to_its_bandwidth_downloading_and_uploading() throws Exception {
        int size = (int) (4 * MIB);
        // 6 MiB up: the origin's answer comes back through tinyproxy after the last byte, a tail that a
        // loaded machine stretches; over 6 s it stays well inside the tolerance.
        int upSize = (int) (6 * MIB);
        Path file = dir.resolve("up.bin");
        Files.write(file, Arrays.copyOf(TargetServer.bigBody(), upSize));

        Transfer down = Transfer.run("-p", "-x", proxy(HTTP, "sockbw"), target.url("/sized/" + size));
        Transfer up = Transfer.run("-x", proxy(HTTP, "sockbw"), "--data-binary", "@" + file, target.url("/upload"));

        assertThat(down.downloaded).isEqualTo(size);
        assertThat(down.downloadSeconds()).as("4 MiB down through CONNECT at 1 MiB/s").isBetween(4 * 0.85, 4 * 1.15);
        assertThat(up.uploaded).isEqualTo(upSize);
        assertThat(up.uploadSeconds()).as("6 MiB up as plain HTTP at 1 MiB/s").isBetween(6 * 0.85, 6 * 1.15);
    }

    @Test
    void should_hold_a_customer_to_their_bandwidth_across_parallel_sockets() throws Exception {
        String url = target.url("/sized/" + 3 * MIB);
        List<CompletableFuture<Transfer>> runs = List.of(
                async(() -> Transfer.run("-p", "-x", proxy(HTTP, "custbw"), url)),
                async(() -> Transfer.run("-p", "-x", proxy(HTTP, "custbw"), url)),
                async(() -> Transfer.run("-x", "socks5h://custbw:pw-custbw@127.0.0.1:" + relay.port(SOCKS), url)));
        List<Transfer> done = new ArrayList<>();
        for (CompletableFuture<Transfer> run : runs) {
            done.add(run.get());
        }

        assertThat(done).allSatisfy(t -> assertThat(t.downloaded).isEqualTo(3 * MIB));
        double first = done.stream().mapToDouble(Transfer::firstByteAt).min().orElseThrow();
        double last = done.stream().mapToDouble(Transfer::endAt).max().orElseThrow();
        assertThat(last - first).as("9 MiB in 3 sockets at 2 MiB/s in all: " + done).isBetween(4.5 * 0.85, 4.5 * 1.15);
    }

    /** One curl run with its own timings (seconds), placed on this JVM's clock by its launch time. */
    private record Transfer(double launchedAt, long downloaded, long uploaded, double pretransfer,
                            double starttransfer, double total) {

        static Transfer run(String... args) throws Exception {
            List<String> all = new ArrayList<>(List.of("-o", "/dev/null", "-w",
                    "%{size_download} %{size_upload} %{time_pretransfer} %{time_starttransfer} %{time_total}"));
            all.addAll(List.of(args));
            double launched = System.nanoTime() / 1e9;
            String[] f = curl(all.toArray(String[]::new)).trim().split(" ");
            return new Transfer(launched, Long.parseLong(f[0]), Long.parseLong(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]));
        }

        double downloadSeconds() {
            return total - starttransfer;
        }

        /** The relay answers "100 Continue" itself, so the first answer byte is not the end of the body. */
        double uploadSeconds() {
            return total - pretransfer;
        }

        double firstByteAt() {
            return launchedAt + starttransfer;
        }

        double endAt() {
            return launchedAt + total;
        }
    }

    // ---- helpers ----

    static volatile String lastHead = "";
    static volatile int lastSocksReply = -1;

    /** An HTTP CONNECT to the origin through the relay; checks the status unless {@code expect} is -1. */
    static RawClient connect(int logical, String user, String localIp, int expect) throws IOException {
        RawClient c = origin.connect(relay.port(logical), user, localIp);
        lastHead = c.head();
        if (expect > 0) {
            assertThat(lastHead).startsWith("HTTP/1.1 " + expect);
        }
        return c;
    }

    /** A SOCKS5 CONNECT to the origin; checks the reply code unless {@code expect} is -1. */
    static RawClient socks(String user, String localIp, int expect) throws IOException {
        RawClient c = new RawClient(relay.port(SOCKS), localIp);
        assertThat(c.socksLogin(user, "pw-" + user)).isZero();
        lastSocksReply = c.socksConnect(target.port());
        if (expect >= 0) {
            assertThat(lastSocksReply).isEqualTo(expect);
        }
        return c;
    }

    static String proxy(int logical, String user) {
        return "http://" + user + ":pw-" + user + "@127.0.0.1:" + relay.port(logical);
    }

    private static String curl(String... args) throws Exception {
        Curl.Result r = Curl.run(args);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out();
    }

    private static <T> CompletableFuture<T> async(java.util.concurrent.Callable<T> call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void closeAll(List<RawClient> clients) throws IOException {
        for (RawClient c : clients) {
            c.close();
        }
    }
}
