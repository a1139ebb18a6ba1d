package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxysaas.it.Cleanup;
import io.proxysaas.observe.ConnectionSummary;
import io.proxysaas.pool.Upstream;
import io.proxysaas.pool.UpstreamScheme;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay end to end on loopback: real curl and JDK HttpClient in front, real tinyproxy
 * (HTTP upstream) and microsocks (SOCKS5 upstream) behind, a JDK HttpServer as the origin.
 */
class RelayEndToEndTest {

    static final int HTTP_OK = 1;
    static final int SOCKS_OK = 2;
    static final int HTTP_BAD_PASSWORD = 3;
    static final int DOWN = 4;
    static final int SOCKS_BAD_PASSWORD = 5;

    @TempDir
    static Path dir;
    static TargetServer target;
    static ExternalProxy tinyproxy;
    static ExternalProxy microsocks;
    static RelayHarness relay;
    static Path bigFile;

    @BeforeAll
    static void start() throws Exception {
        target = new TargetServer();
        tinyproxy = ExternalProxy.tinyproxy(dir, "up", "secret");
        microsocks = ExternalProxy.microsocks(dir, "up", "secret");
        relay = new RelayHarness(Duration.ofMillis(500), Duration.ofSeconds(2));
        relay.bind(HTTP_OK, new Upstream(UpstreamScheme.HTTP, "127.0.0.1", tinyproxy.port, "up", "secret"));
        relay.bind(SOCKS_OK, new Upstream(UpstreamScheme.SOCKS5, "127.0.0.1", microsocks.port, "up", "secret"));
        relay.bind(HTTP_BAD_PASSWORD, new Upstream(UpstreamScheme.HTTP, "127.0.0.1", tinyproxy.port, "up", "wrong"));
        relay.bind(DOWN, new Upstream(UpstreamScheme.HTTP, "127.0.0.1", ExternalProxy.freePort(), "up", "secret"));
        relay.bind(SOCKS_BAD_PASSWORD, new Upstream(UpstreamScheme.SOCKS5, "127.0.0.1", microsocks.port, "up", "wrong"));
        bigFile = dir.resolve("big.bin");
        Files.write(bigFile, TargetServer.bigBody());
    }

    @AfterAll
    static void stop() throws Exception {
        Cleanup.closeAll(relay, tinyproxy, microsocks, target);
    }

    @AfterEach
    void the_relay_still_serves_and_released_every_grant() throws Exception {
        assertThat(curl("-p", "-x", proxy(HTTP_OK), target.url("/small")).out()).isEqualTo("hello");
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.access.live.isEmpty() && relay.registry.total() == 0);
        assertThat(relay.access.badReleases).hasValue(0);
    }

    static String proxy(int logical) {
        return "http://" + TestAccess.USER + ":" + TestAccess.PASSWORD + "@127.0.0.1:" + relay.port(logical);
    }

    static Curl.Result curl(String... args) throws Exception {
        return Curl.run(args);
    }

    static String bigHash() {
        return TargetServer.sha256(TargetServer.bigBody());
    }

    @Test
    void should_carry_10_mib_both_ways_through_http_connect_and_tinyproxy() throws Exception {
        Path out = dir.resolve("connect.bin");
        Curl.Result down = curl("-p", "-x", proxy(HTTP_OK), "-o", out.toString(), target.url("/big"));
        assertThat(down.exit()).as(down.err()).isZero();
        assertThat(TargetServer.sha256(Files.readAllBytes(out))).isEqualTo(bigHash());
        Curl.Result up = curl("-p", "-x", proxy(HTTP_OK), "--data-binary", "@" + bigFile, target.url("/upload"));
        assertThat(up.out()).as(up.err()).isEqualTo(bigHash());
    }

    @Test
    void should_carry_10_mib_both_ways_as_plain_http_through_tinyproxy() throws Exception {
        Path out = dir.resolve("plain.bin");
        Curl.Result down = curl("-x", proxy(HTTP_OK), "-o", out.toString(), target.url("/big"));
        assertThat(down.exit()).as(down.err()).isZero();
        assertThat(TargetServer.sha256(Files.readAllBytes(out))).isEqualTo(bigHash());
        Curl.Result up = curl("-x", proxy(HTTP_OK), "--data-binary", "@" + bigFile, target.url("/upload"));
        assertThat(up.out()).as(up.err()).isEqualTo(bigHash());
    }

    @Test
    void should_carry_10_mib_both_ways_through_socks5_and_microsocks() throws Exception {
        String socks = "socks5h://" + TestAccess.USER + ":" + TestAccess.PASSWORD + "@127.0.0.1:" + relay.port(SOCKS_OK);
        Path out = dir.resolve("socks.bin");
        Curl.Result down = curl("--proxy", socks, "-o", out.toString(), target.url("/big"));
        assertThat(down.exit()).as(down.err()).isZero();
        assertThat(TargetServer.sha256(Files.readAllBytes(out))).isEqualTo(bigHash());
        Curl.Result up = curl("--proxy", socks, "--data-binary", "@" + bigFile, target.url("/upload"));
        assertThat(up.out()).as(up.err()).isEqualTo(bigHash());
    }

    @Test
    void should_carry_10_mib_both_ways_as_plain_http_and_connect_through_a_socks5_upstream() throws Exception {
        Path out = dir.resolve("plain-socks.bin");
        Curl.Result down = curl("-x", proxy(SOCKS_OK), "-o", out.toString(), target.url("/big"));
        assertThat(down.exit()).as(down.err()).isZero();
        assertThat(TargetServer.sha256(Files.readAllBytes(out))).isEqualTo(bigHash());
        Curl.Result up = curl("-p", "-x", proxy(SOCKS_OK), "--data-binary", "@" + bigFile, target.url("/upload"));
        assertThat(up.out()).as(up.err()).isEqualTo(bigHash());
    }

    @Test
    void should_serve_the_jdk_http_client_with_proxy_authentication() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", relay.port(HTTP_OK))))
                .authenticator(new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                        return new PasswordAuthentication(TestAccess.USER, TestAccess.PASSWORD.toCharArray());
                    }
                })
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<byte[]> big = client.send(HttpRequest.newBuilder(URI.create(target.url("/big"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(big.statusCode()).isEqualTo(200);
        assertThat(TargetServer.sha256(big.body())).isEqualTo(bigHash());
        HttpResponse<String> up = client.send(HttpRequest.newBuilder(URI.create(target.url("/upload")))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(TargetServer.bigBody())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(up.body()).isEqualTo(bigHash());

        // The JDK client keeps its connection: a kick closes it and the access log says so.
        assertThat(relay.registry.liveForCustomer(TestAccess.USER)).isPositive();
        assertThat(relay.registry.closeCustomer(TestAccess.USER, "kicked")).isPositive();
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.registry.liveForCustomer(TestAccess.USER) == 0);
        assertThat(relay.summaries).anyMatch(s -> "kicked".equals(s.closeReason()) && "http".equals(s.protocol()));
    }

    @Test
    void should_serve_two_keep_alive_requests_on_one_client_connection() throws Exception {
        int admitsBefore = relay.access.admits.get();
        int requestAdmitsBefore = relay.access.requestAdmits.get();
        Curl.Result r = curl("-x", proxy(HTTP_OK), target.url("/small"), target.url("/small"));
        assertThat(r.out()).as(r.err()).isEqualTo("hellohello");
        assertThat(relay.access.admits.get() - admitsBefore).isEqualTo(1);
        assertThat(relay.access.requestAdmits.get() - requestAdmitsBefore).isEqualTo(1);
    }

    @Test
    void should_answer_407_for_wrong_or_missing_credentials() throws Exception {
        String wrong = "http://alice:nope@127.0.0.1:" + relay.port(HTTP_OK);
        assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", "-x", wrong, target.url("/small")).out()).isEqualTo("407");
        assertThat(curl("-o", "/dev/null", "-w", "%{http_connect}", "-p", "-x", "http://127.0.0.1:" + relay.port(HTTP_OK),
                target.url("/small")).out()).isEqualTo("407");
        try (RawClient c = new RawClient(relay.port(SOCKS_OK))) {
            assertThat(c.socksLogin("alice", "nope")).isEqualTo(1);
            assertThat(c.readToEnd()).isEmpty();
        }
    }

    @Test
    void should_refuse_a_non_whitelisted_ip_without_credentials_and_admit_a_whitelisted_one() throws Exception {
        try (RawClient c = new RawClient(relay.port(SOCKS_OK))) {
            c.send(5, 1, 0);
            assertThat(c.read(2)).containsExactly(5, 0);
            assertThat(c.socksConnect(target.port())).isEqualTo(2);
            assertThat(c.readToEnd()).isEmpty();
        }
        try (RawClient c = new RawClient(relay.port(SOCKS_OK), TestAccess.WHITELISTED_IP)) {
            c.send(5, 1, 0);
            assertThat(c.read(2)).containsExactly(5, 0);
            assertThat(c.socksConnect(target.port())).isEqualTo(0);
            c.send("GET /small HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(new String(c.readToEnd(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200").endsWith("hello");
        }
    }

    @Test
    void should_fail_fast_when_the_upstream_is_down() throws Exception {
        long start = System.nanoTime();
        assertThat(curl("-o", "/dev/null", "-w", "%{http_connect}", "-p", "-x", proxy(DOWN), target.url("/small")).out())
                .isEqualTo("502");
        assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", "-x", proxy(DOWN), target.url("/small")).out())
                .isEqualTo("502");
        try (RawClient c = new RawClient(relay.port(DOWN))) {
            assertThat(c.socksLogin(TestAccess.USER, TestAccess.PASSWORD)).isZero();
            assertThat(c.socksConnect(target.port())).isEqualTo(5);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(relay.pool.failures).anyMatch(f -> f.startsWith(DOWN + ": "));
    }

    @Test
    void should_answer_502_when_the_upstream_password_is_wrong() throws Exception {
        assertThat(curl("-o", "/dev/null", "-w", "%{http_connect}", "-p", "-x", proxy(HTTP_BAD_PASSWORD),
                target.url("/small")).out()).isEqualTo("502");
        try (RawClient c = new RawClient(relay.port(SOCKS_BAD_PASSWORD))) {
            assertThat(c.socksLogin(TestAccess.USER, TestAccess.PASSWORD)).isZero();
            assertThat(c.socksConnect(target.port())).isEqualTo(1);
        }
        assertThat(relay.pool.failures).noneMatch(f -> f.contains("wrong"));
    }

    @Test
    void should_close_a_slow_handshake_at_the_timeout() throws Exception {
        long start = System.nanoTime();
        try (RawClient c = new RawClient(relay.port(HTTP_OK))) {
            c.send("CONNECT 127.0.0.1:" + target.port() + " HTTP/1.1\r\n");
            assertThat(new String(c.readToEnd(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 408");
        }
        try (RawClient c = new RawClient(relay.port(SOCKS_OK))) {
            c.send(5, 1);
            assertThat(c.readToEnd()).isEmpty();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        await().atMost(Duration.ofSeconds(3)).until(() -> relay.summaries.stream()
                .filter(s -> "handshake_timeout".equals(s.closeReason())).count() >= 2);
    }

    @Test
    void should_close_a_socket_that_starts_with_garbage() throws Exception {
        try (RawClient c = new RawClient(relay.port(HTTP_OK))) {
            c.send(0x16, 0x03, 0x01, 0x00, 0x10);
            assertThat(c.readToEnd()).isEmpty();
        }
    }

    @Test
    void should_report_exact_byte_counts_of_a_socks5_tunnel() throws Exception {
        String request = "GET /small HTTP/1.1\r\nHost: exact\r\nConnection: close\r\n\r\n";
        byte[] answer;
        try (RawClient c = new RawClient(relay.port(SOCKS_OK))) {
            assertThat(c.socksLogin(TestAccess.USER, TestAccess.PASSWORD)).isZero();
            assertThat(c.socksConnect(target.port())).isZero();
            c.send(request);
            answer = c.readToEnd();
        }
        assertThat(answer).isNotEmpty();
        String targetText = "127.0.0.1:" + target.port();
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.summaries.stream()
                .anyMatch(s -> s.port() == SOCKS_OK && s.bytesIn() == request.length()));
        ConnectionSummary s = relay.summaries.stream()
                .filter(x -> x.port() == SOCKS_OK && x.bytesIn() == request.length()).findFirst().orElseThrow();
        assertThat(s.bytesOut()).isEqualTo(answer.length);
        assertThat(s.protocol()).isEqualTo("socks5");
        assertThat(s.username()).isEqualTo(TestAccess.USER);
        assertThat(s.target()).isEqualTo(targetText);
        assertThat(s.upstream()).doesNotContain("secret").contains("up@127.0.0.1");
        assertThat(s.node()).isEqualTo("test-node");
        assertThat(s.closeReason()).isIn("upstream_closed", "client_closed");
    }

    @Test
    void should_carry_bytes_sent_in_the_same_write_as_the_connect_head_into_the_tunnel() throws Exception {
        // clients that do not wait for the 200 (TLS false start, pipelining proxies) send their first bytes at once
        connectWithEarlyRequest("eager", "");
    }

    @Test
    void should_carry_bytes_sent_with_a_connect_head_that_goes_through_the_http_codec() throws Exception {
        // a non-ASCII header value is left to HttpServerCodec; the bytes behind the head are still the tunnel's
        connectWithEarlyRequest("eager-codec", "X-Note: caf\u00e9\r\n");
    }

    /** CONNECT head (with {@code extraHeaders}) and a GET in one write; the GET's answer comes back through the tunnel. */
    private static void connectWithEarlyRequest(String host, String extraHeaders) throws Exception {
        String request = "GET /small HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
        String auth = java.util.Base64.getEncoder().encodeToString(
                (TestAccess.USER + ":" + TestAccess.PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String head = "CONNECT 127.0.0.1:" + target.port() + " HTTP/1.1\r\n" + extraHeaders
                + "Proxy-Authorization: Basic " + auth + "\r\n\r\n";
        String answer;
        try (RawClient c = new RawClient(relay.port(HTTP_OK))) {
            c.send((head + request).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            assertThat(c.head()).startsWith("HTTP/1.1 200");
            answer = new String(c.readToEnd(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        assertThat(answer).startsWith("HTTP/1.1 200").contains("\r\n\r\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.summaries.stream()
                .anyMatch(s -> s.port() == HTTP_OK && s.bytesIn() == request.length() && s.bytesOut() == answer.length()));
    }

    @Test
    void should_carry_bytes_sent_in_the_same_write_as_the_socks5_request_into_the_tunnel() throws Exception {
        // a SOCKS5 client that sends greeting, login, request and its first payload at once (optimistic data)
        String request = "GET /small HTTP/1.1\r\nHost: eager-socks\r\nConnection: close\r\n\r\n";
        byte[] user = TestAccess.USER.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] password = TestAccess.PASSWORD.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        all.write(new byte[] {5, 1, 2, 1, (byte) user.length});
        all.write(user);
        all.write(password.length);
        all.write(password);
        int port = target.port();
        all.write(new byte[] {5, 1, 0, 1, 127, 0, 0, 1, (byte) (port >> 8), (byte) port});
        all.write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] replies;
        String answer;
        try (RawClient c = new RawClient(relay.port(SOCKS_OK))) {
            c.send(all.toByteArray());
            replies = c.read(2 + 2 + 10);
            answer = new String(c.readToEnd(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        assertThat(replies).as("method, login and request replies").startsWith(5, 2, 1, 0, 5, 0);
        assertThat(answer).startsWith("HTTP/1.1 200").contains("\r\n\r\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.summaries.stream()
                .anyMatch(s -> s.port() == SOCKS_OK && s.bytesIn() == request.length() && s.bytesOut() == answer.length()));
    }
}
