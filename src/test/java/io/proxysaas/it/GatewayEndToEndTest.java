package io.proxysaas.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxysaas.relay.Curl;
import io.proxysaas.relay.ExternalProxy;
import io.proxysaas.relay.TargetServer;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as shipped: customers created through the admin API, traffic through real curl and
 * the JDK HttpClient, over Debian's tinyproxy (HTTP upstream, Basic auth) and microsocks (SOCKS5
 * upstream, RFC 1929), with MariaDB and Hazelcast real.
 */
class GatewayEndToEndTest {

    @TempDir
    static Path dir;

    static TargetServer target;
    static ExternalProxy tinyproxy;
    static ExternalProxy microsocks;
    static RunningGateway gateway;
    static String aliceKey;

    @BeforeAll
    static void start() throws Exception {
        target = new TargetServer();
        tinyproxy = ExternalProxy.tinyproxy(dir, "tinyuser", "tiny-pass");
        microsocks = ExternalProxy.microsocks(dir, "sockuser", "sockpass");
        gateway = RunningGateway.start(dir, List.of(
                "# test pool",
                "http://tinyuser:tiny%2Dpass@127.0.0.1:" + tinyproxy.port,
                "socks5://sockuser:sockpass@127.0.0.1:" + microsocks.port), Map.of());
        HttpResponse<String> alice = gateway.admin("POST", "/api/admin/customers",
                "{\"username\":\"alice\",\"plan\":\"Pro\",\"password\":\"alice-pass-1\"}");
        assertThat(alice.statusCode()).as(alice.body()).isEqualTo(201);
        aliceKey = field(alice.body(), "api_key");
        HttpResponse<String> bob = gateway.admin("POST", "/api/admin/customers",
                "{\"username\":\"bob\",\"plan\":\"Basic\",\"ips\":[\"127.0.0.2\"]}");
        assertThat(bob.statusCode()).as(bob.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        Cleanup.closeAll(gateway, microsocks, tinyproxy, target);
    }

    @Test
    void should_relay_10_mib_intact_both_ways_through_every_front_and_upstream_protocol() throws Exception {
        String big = TargetServer.sha256(TargetServer.bigBody());
        Path upload = dir.resolve("upload.bin");
        Files.write(upload, TargetServer.bigBody());
        for (int line : new int[] {1, 2}) {
            String proxy = "alice:alice-pass-1@127.0.0.1:" + gateway.port(line);
            List<List<String>> fronts = List.of(
                    List.of("-p", "-x", "http://" + proxy),
                    List.of("-x", "http://" + proxy),
                    List.of("--proxy", "socks5h://" + proxy));
            for (List<String> front : fronts) {
                Path out = dir.resolve("down-" + line + ".bin");
                Curl.Result down = curl(front, "-o", out.toString(), "-w", "%{http_code}", target.url("/big"));
                assertThat(down.out()).as("download via line %d %s: %s", line, front, down.err()).isEqualTo("200");
                assertThat(TargetServer.sha256(Files.readAllBytes(out))).isEqualTo(big);
                Curl.Result up = curl(front, "--data-binary", "@" + upload, target.url("/upload"));
                assertThat(up.out()).as("upload via line %d %s: %s", line, front, up.err()).isEqualTo(big);
            }
        }
    }

    @Test
    void should_serve_the_jdk_http_client_with_proxy_authentication() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", gateway.port(1))))
                .authenticator(new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                        return new PasswordAuthentication("alice", "alice-pass-1".toCharArray());
                    }
                })
                .connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(target.url("/small")))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("hello");
        }
    }

    @Test
    void should_admit_a_whitelisted_ip_without_credentials_and_challenge_others() throws Exception {
        String proxy = "http://127.0.0.1:" + gateway.port(1);
        Curl.Result fromWhitelisted = Curl.run("--interface", "127.0.0.2", "-x", proxy, target.url("/small"));
        assertThat(fromWhitelisted.out()).as(fromWhitelisted.err()).isEqualTo("hello");
        Curl.Result anonymous = Curl.run("-o", "/dev/null", "-w", "%{http_code}", "-x", proxy, target.url("/small"));
        assertThat(anonymous.out()).isEqualTo("407");
        Curl.Result wrong = Curl.run("-o", "/dev/null", "-w", "%{http_code}", "-x",
                "http://alice:nope@127.0.0.1:" + gateway.port(1), target.url("/small"));
        assertThat(wrong.out()).isEqualTo("407");
        Curl.Result socksWrong = Curl.run("--proxy", "socks5h://alice:nope@127.0.0.1:" + gateway.port(2), target.url("/small"));
        assertThat(socksWrong.exit()).isNotZero();
        HttpResponse<String> refusals = gateway.admin("GET", "/api/admin/refusals", null);
        assertThat(refusals.statusCode()).isEqualTo(200);
        assertThat(count(refusals.body(), "auth_required")).isGreaterThanOrEqualTo(1);
        assertThat(count(refusals.body(), "bad_credentials")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void should_list_the_customers_ports_in_every_format() throws Exception {
        HttpResponse<String> text = gateway.get("/api/proxies.php", "X-API-Key", aliceKey);
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.body().lines().toList())
                .containsExactly("gw.test:" + gateway.port(1), "gw.test:" + gateway.port(2));
        HttpResponse<String> auth = gateway.get("/api/v1/proxies?format=auth&key=" + aliceKey);
        assertThat(auth.body().lines().toList()).contains("gw.test:" + gateway.port(1) + ":alice");
        HttpResponse<String> json = gateway.get("/api/v1/proxies?format=json", "X-API-Key", aliceKey);
        assertThat(json.body()).contains("\"port\":" + gateway.port(2));
        assertThat(gateway.get("/api/proxies.php", "X-API-Key", "wrong-key").statusCode()).isEqualTo(401);
    }

    @Test
    void should_refuse_a_banned_customer_in_their_protocol_and_keep_serving_others() throws Exception {
        gateway.admin("POST", "/api/admin/customers",
                "{\"username\":\"carol\",\"plan\":\"Basic\",\"password\":\"carol-pass-1\"}");
        String proxy = "http://carol:carol-pass-1@127.0.0.1:" + gateway.port(1);
        assertThat(Curl.run("-x", proxy, target.url("/small")).out()).isEqualTo("hello");
        HttpResponse<String> patched = gateway.admin("PATCH", "/api/admin/customers/carol", "{\"status\":\"banned\"}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Curl.Result refused = Curl.run("-i", "-x", proxy, target.url("/small"));
            assertThat(refused.out()).startsWith("HTTP/1.1 403").containsIgnoringCase("X-Proxy-Error: customer_banned");
        });
        Curl.Result socks = Curl.run("--proxy", "socks5h://carol:carol-pass-1@127.0.0.1:" + gateway.port(2), target.url("/small"));
        assertThat(socks.exit()).isNotZero();
        assertThat(Curl.run("-x", "http://alice:alice-pass-1@127.0.0.1:" + gateway.port(1), target.url("/small")).out())
                .isEqualTo("hello");
    }

    @Test
    void should_answer_502_quickly_when_an_upstream_is_down_and_reload_only_the_changed_port() throws Exception {
        int dead = RunningGateway.freePort();
        List<String> lines = Files.readAllLines(gateway.poolFile);
        Files.write(gateway.poolFile, List.of(lines.get(0), lines.get(1), lines.get(2), "http://u:p@127.0.0.1:" + dead));
        HttpResponse<String> reload = gateway.admin("POST", "/api/admin/upstreams/reload", null);
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        assertThat(reload.body()).contains("\"added\":[" + gateway.port(3) + "]").contains("\"changed\":[]");
        long t0 = System.nanoTime();
        Curl.Result r = Curl.run("-o", "/dev/null", "-w", "%{http_code}", "-x",
                "http://alice:alice-pass-1@127.0.0.1:" + gateway.port(3), target.url("/small"));
        assertThat(r.out()).isEqualTo("502");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        HttpResponse<String> upstreams = gateway.admin("GET", "/api/admin/upstreams", null);
        assertThat(upstreams.body()).doesNotContain("tiny-pass").doesNotContain("sockpass")
                .contains("\"upstream_port\":" + dead);
        // the other ports still serve
        assertThat(Curl.run("-x", "http://alice:alice-pass-1@127.0.0.1:" + gateway.port(1), target.url("/small")).out())
                .isEqualTo("hello");
        Files.write(gateway.poolFile, lines);
        assertThat(gateway.admin("POST", "/api/admin/upstreams/reload", null).body())
                .contains("\"removed\":[" + gateway.port(3) + "]");
    }

    private static Curl.Result curl(List<String> front, String... rest) throws Exception {
        String[] args = new String[front.size() + rest.length];
        front.toArray(args);
        System.arraycopy(rest, 0, args, front.size(), rest.length);
        return Curl.run(args);
    }

    static long count(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
        assertThat(m.find()).as("%s in %s", name, json).isTrue();
        return Long.parseLong(m.group(1));
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as("%s in %s", name, json).isTrue();
        return m.group(1);
    }
}
