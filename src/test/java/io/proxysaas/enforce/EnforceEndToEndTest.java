package io.proxysaas.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static io.proxysaas.it.RunningGateway.expect;
import static org.awaitility.Awaitility.await;

import io.proxysaas.it.RunningGateway;
import io.proxysaas.relay.ExternalProxy;
import io.proxysaas.store.AuditTrail;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enforcement end to end with real clients in front of the whole product, in seconds: strike kick
 * and lockout across two ports, admin kick and ban, brute-force blocks of proxy and API logins.
 * Each scenario uses its own customer and client address (127.0.0.x) so they do not interfere.
 */
class EnforceEndToEndTest {

    @TempDir
    static Path dir;
    static List<ExternalProxy> upstreams;
    static RunningGateway gw;
    static HoldingTarget target;

    @BeforeAll
    static void start() throws Exception {
        target = new HoldingTarget();
        upstreams = List.of(ExternalProxy.tinyproxy(dir, "up", "secret"), ExternalProxy.tinyproxy(dir, "up", "secret"));
        gw = RunningGateway.on(dir)
                .pool(upstreams.stream().map(u -> "http://up:secret@127.0.0.1:" + u.port).toList())
                .properties(Map.of("strike.grace", "2", "strike.lockout", "3", "strike.sweep", "1",
                        "bruteforce.max-failures", "3", "bruteforce.window", "60", "bruteforce.block", "3"))
                .start().awaitListening(2);
    }

    @AfterAll
    static void stop() throws IOException {
        if (gw != null) {
            gw.close();
        }
        if (upstreams != null) {
            upstreams.forEach(ExternalProxy::close);
        }
        target.close();
    }

    /** Creates a plan with {@code threads} and a customer on it with the given password. */
    static void customer(String username, String password, int threads) throws Exception {
        String plan = "p-" + username;
        expect(gw.admin("POST", "/api/admin/plans", "{\"name\":\"" + plan + "\",\"threads\":" + threads + "}"), 201);
        expect(gw.admin("POST", "/api/admin/customers", "{\"username\":\"" + username + "\",\"plan\":\"" + plan
                + "\",\"password\":\"" + password + "\"}"), 201);
    }

    Tunnel tunnel(int portOffset, String localIp, String user, String password) throws IOException {
        return Tunnel.open(gw.portBase + portOffset, localIp, user, password, target.port());
    }

    @Test
    void should_kick_a_customer_over_threads_on_every_port_lock_them_out_then_admit_them() throws Exception {
        customer("striker", "pw-striker-1", 1);
        try (Tunnel first = tunnel(0, "127.0.0.1", "striker", "pw-striker-1");
             Tunnel second = tunnel(1, "127.0.0.1", "striker", "pw-striker-1")) {
            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(gw.admin("GET", "/api/admin/usage/striker", null).body()).contains("\"strike_since\":\"20"));

            assertThat(first.closedByServer()).as("tunnel on port 1 kicked").isTrue();
            assertThat(second.closedByServer()).as("tunnel on port 2 kicked").isTrue();
        }
        try (Tunnel refused = tunnel(0, "127.0.0.1", "striker", "pw-striker-1")) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.head).contains("locked_out");
            assertThat(gw.admin("GET", "/api/admin/usage/striker", null).body()).contains("\"locked_until\":\"20")
                    .contains("\"status\":\"locked\"");
        }
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() -> {
            try (Tunnel again = tunnel(1, "127.0.0.1", "striker", "pw-striker-1")) {
                return again.status() == 200;
            }
        });
        assertThat(gw.bean(AuditTrail.class).since(null, 1000).stream()
                .filter(e -> "striker".equals(e.target()) && "strike-sweep".equals(e.actor()))
                .map(AuditTrail.AuditEntry::action))
                .contains("strike.start", "strike.kick", "strike.lockout");
    }

    @Test
    void should_close_live_sockets_at_once_on_admin_kick_and_ban() throws Exception {
        customer("kickme", "pw-kickme-1", 0);
        try (Tunnel live = tunnel(0, "127.0.0.2", "kickme", "pw-kickme-1")) {
            assertThat(live.status()).isEqualTo(200);
            var kick = expect(gw.admin("POST", "/api/admin/customers/kickme/kick", null), 200);
            assertThat(kick.body()).contains("\"closed_on_this_node\":1");
            assertThat(live.closedByServer()).isTrue();
        }
        try (Tunnel live = tunnel(1, "127.0.0.2", "kickme", "pw-kickme-1")) {
            assertThat(live.status()).as("a kick does not lock").isEqualTo(200);
            var ban = expect(gw.admin("POST", "/api/admin/customers/kickme/ban", "{\"reason\":\"abuse\"}"), 200);
            assertThat(ban.body()).contains("\"status\":\"banned\"", "\"ban_reason\":\"abuse\"");
            assertThat(live.closedByServer()).isTrue();
        }
        try (Tunnel refused = tunnel(0, "127.0.0.2", "kickme", "pw-kickme-1")) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.head).contains("customer_banned");
        }
        expect(gw.admin("DELETE", "/api/admin/customers/kickme/ban", null), 200);
        try (Tunnel back = tunnel(0, "127.0.0.2", "kickme", "pw-kickme-1")) {
            assertThat(back.status()).isEqualTo(200);
        }
        assertThat(gw.bean(AuditTrail.class).since(null, 1000).stream()
                .filter(e -> "kickme".equals(e.target())).map(AuditTrail.AuditEntry::action))
                .contains("customer.kick", "customer.ban", "customer.unban");
    }

    @Test
    void should_answer_admin_action_errors_with_json_naming_the_field() throws Exception {
        customer("errs", "pw-errs-1", 0);
        assertThat(expect(gw.admin("POST", "/api/admin/customers/errs/ban", "{}"), 400).body())
                .contains("\"field\":\"reason\"");
        assertThat(expect(gw.admin("POST", "/api/admin/customers/errs/ban",
                "{\"reason\":\"x\",\"until\":\"yesterday\"}"), 400).body()).contains("\"field\":\"until\"");
        expect(gw.admin("POST", "/api/admin/customers/nobody/ban", "{\"reason\":\"x\"}"), 404);
        expect(gw.admin("DELETE", "/api/admin/customers/errs/ban", null), 409);
        assertThat(expect(gw.admin("POST", "/api/admin/customers/errs/extend", "{\"days\":0}"), 400).body())
                .contains("\"field\":\"days\"");
        assertThat(expect(gw.admin("POST", "/api/admin/customers/errs/extend", "{}"), 400).body())
                .contains("\"field\":\"days\"");
        String before = expect(gw.admin("GET", "/api/admin/customers/errs", null), 200).body();
        String after = expect(gw.admin("POST", "/api/admin/customers/errs/extend", "{\"days\":30}"), 200).body();
        assertThat(after).isNotEqualTo(before).contains("\"expires_at\"");
        assertThat(expect(gw.admin("POST", "/api/admin/customers/errs/unlock", null), 200).body())
                .contains("\"was_locked_until\":null");
        assertThat(expect(gw.admin("POST", "/api/admin/ip-bans", "{\"ip\":\"0.0.0.0/0\"}"), 400).body())
                .contains("\"field\":\"ip\"");
        expect(gw.admin("DELETE", "/api/admin/ip-bans", null), 400);
        expect(gw.admin("DELETE", "/api/admin/ip-bans?ip=203.0.113.9", null), 404);
    }

    @Test
    void should_block_an_ip_after_n_failed_proxy_logins_until_the_block_ends_or_is_lifted() throws Exception {
        customer("victim", "pw-victim-1", 0);
        String attacker = "127.0.0.5";
        for (int i = 0; i < 3; i++) {
            try (Tunnel wrong = tunnel(0, attacker, "victim", "guess-" + i)) {
                assertThat(wrong.status()).isEqualTo(407);
            }
        }
        try (Tunnel blocked = tunnel(0, attacker, "victim", "pw-victim-1")) {
            assertThat(blocked.status()).as("blocked even with the right password").isEqualTo(403);
            assertThat(blocked.head).contains("ip_blocked");
        }
        try (Tunnel other = tunnel(0, "127.0.0.9", "victim", "pw-victim-1")) {
            assertThat(other.status()).as("another address is not blocked").isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() -> {
            try (Tunnel t = tunnel(1, attacker, "victim", "pw-victim-1")) {
                return t.status() == 200;
            }
        });

        for (int i = 0; i < 3; i++) {
            try (Tunnel wrong = tunnel(1, attacker, "victim", "again-" + i)) {
                assertThat(wrong.status()).isEqualTo(407);
            }
        }
        assertThat(expect(gw.admin("GET", "/api/admin/ip-bans", null), 200).body()).contains("\"ip\":\"127.0.0.5\"");
        expect(gw.admin("DELETE", "/api/admin/ip-bans?ip=127.0.0.5", null), 204);
        try (Tunnel lifted = tunnel(1, attacker, "victim", "pw-victim-1")) {
            assertThat(lifted.status()).isEqualTo(200);
        }
    }

    @Test
    void should_block_an_ip_after_n_failed_api_keys_or_admin_tokens() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(rawGet("127.0.0.6", "/api/v1/me", "X-API-Key: wrong-" + i)).startsWith("HTTP/1.1 401");
        }
        assertThat(rawGet("127.0.0.6", "/api/v1/me", "X-API-Key: still-wrong")).startsWith("HTTP/1.1 403")
                .contains("ip_blocked");

        for (int i = 0; i < 3; i++) {
            assertThat(rawGet("127.0.0.7", "/api/admin/customers", "Authorization: Bearer wrong-" + i))
                    .startsWith("HTTP/1.1 401");
        }
        assertThat(rawGet("127.0.0.7", "/api/admin/customers", "Authorization: Bearer " + RunningGateway.TOKEN))
                .as("blocked even with the right token").startsWith("HTTP/1.1 403").contains("ip_blocked");
        assertThat(rawGet("127.0.0.1", "/api/admin/customers", "Authorization: Bearer " + RunningGateway.TOKEN))
                .startsWith("HTTP/1.1 200");
    }

    @Test
    void should_refuse_an_admin_banned_ip_on_every_port_until_the_ban_is_lifted() throws Exception {
        customer("banned-ip-user", "pw-bip-1", 0);
        expect(gw.admin("POST", "/api/admin/ip-bans", "{\"ip\":\"127.0.0.8\",\"reason\":\"test\"}"), 201);
        for (int offset : new int[] {0, 1}) {
            try (Tunnel refused = tunnel(offset, "127.0.0.8", "banned-ip-user", "pw-bip-1")) {
                assertThat(refused.status()).isEqualTo(403);
                assertThat(refused.head).contains("ip_banned");
            }
        }
        expect(gw.admin("DELETE", "/api/admin/ip-bans?ip=127.0.0.8", null), 204);
        try (Tunnel ok = tunnel(0, "127.0.0.8", "banned-ip-user", "pw-bip-1")) {
            assertThat(ok.status()).isEqualTo(200);
        }
    }

    /** A bare HTTP/1.1 GET from a chosen local address (the JDK client cannot pick one); the whole answer. */
    String rawGet(String localIp, String path, String header) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(localIp, 0));
            s.connect(new InetSocketAddress("127.0.0.1", gw.apiPort), 2_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + header
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
