package io.proxysaas.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.proxysaas.it.Cleanup;
import io.proxysaas.it.RunningGateway;
import io.proxysaas.relay.ExternalProxy;
import io.proxysaas.store.TestDatabase;
import io.proxysaas.usage.RawClients.Counted;
import io.proxysaas.usage.RawClients.Front;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product in-process, real tinyproxy upstream, raw-socket clients that count every byte:
 * what the product bills equals what was relayed (exactly after the handshake for CONNECT and
 * SOCKS5; every wire byte, heads included, for plain HTTP), reaches MariaDB within seconds and
 * survives a restart on the same database.
 */
class UsageAccountingEndToEndTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    static Path dir;
    static TestDatabase db;
    static ExternalProxy tinyproxy;
    private static final ObjectMapper JSON = new ObjectMapper();
    static CountingOrigin origin;
    static RunningGateway gateway;
    static int portBase;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create();
        tinyproxy = ExternalProxy.tinyproxy(dir, "up", "secret");
        origin = new CountingOrigin();
        portBase = RunningGateway.freePortBase(1);
        startGateway();
    }

    /** The product on the test's database and ports; a second call after a stop is a restart of the node. */
    private static void startGateway() throws Exception {
        gateway = RunningGateway.start(dir, db, portBase, List.of("http://up:secret@127.0.0.1:" + tinyproxy.port), Map.of());
    }

    private static void stopGateway() {
        RunningGateway running = gateway;
        gateway = null;
        running.close();
    }

    @AfterAll
    static void stop() throws Exception {
        Cleanup.closeAll(gateway, origin, tinyproxy, db);
    }

    @Test
    void should_bill_exactly_the_relayed_bytes_persist_them_and_keep_them_across_a_restart() throws Exception {
        Map<Front, String> users = Map.of(Front.CONNECT, "acct-connect", Front.SOCKS5, "acct-socks", Front.PLAIN, "acct-plain");
        Map<Front, String> passwords = new java.util.EnumMap<>(Front.class);
        String apiKey = null;
        for (Front front : Front.values()) {
            Map<String, Object> issued = createCustomer(users.get(front), "Pro");
            passwords.put(front, (String) issued.get("password"));
            apiKey = front == Front.CONNECT ? (String) issued.get("api_key") : apiKey;
        }
        Map<Front, Counted> truth = new java.util.EnumMap<>(Front.class);
        for (Front front : Front.values()) {
            Counted down = RawClients.download(front, portBase, users.get(front), passwords.get(front), origin.port(), 4 * MIB);
            Counted up = RawClients.upload(front, portBase, users.get(front), passwords.get(front), origin.port(), 2 * MIB);
            truth.put(front, down.plus(up));
        }
        assertThat(truth.get(Front.CONNECT).read()).as("sanity: the download arrived").isGreaterThan(4L * MIB);

        for (Front front : Front.values()) {
            String user = users.get(front);
            Counted t = truth.get(front);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                Map<String, Object> usage = usage(user);
                assertThat(number(usage, "bytes_in")).as(front + " bytes from the customer").isEqualTo(t.written());
                assertThat(number(usage, "bytes_out")).as(front + " bytes to the customer").isEqualTo(t.read());
                assertThat(number(usage, "bytes_used")).isEqualTo(t.written() + t.read());
            });
        }
        Map<String, Object> connect = usage(users.get(Front.CONNECT));
        assertThat(connect).containsKeys("live_sockets", "quota_bytes", "period", "status", "expires_at", "locked_until",
                "strike_since", "rate_bps");
        assertThat(number(connect, "quota_bytes")).isEqualTo(10_737_418_240L);
        assertThat(connect.get("status")).isEqualTo("active");
        String period = (String) connect.get("period");

        HttpResponse<String> all = gateway.admin("GET", "/api/admin/usage", null);
        assertThat(all.statusCode()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) JSON.readValue(all.body(), List.class);
        assertThat(rows).extracting(r -> r.get("username")).contains(users.get(Front.CONNECT), users.get(Front.SOCKS5));
        assertThat(gateway.admin("GET", "/api/admin/usage/nobody", null).statusCode()).isEqualTo(404);
        assertThat(gateway.admin("GET", "/api/admin/usage/" + users.get(Front.CONNECT), null).statusCode()).isEqualTo(200);

        Map<String, Object> me = UsageChecks.json(gateway.get("/api/v1/me", "X-API-Key", apiKey).body());
        assertThat(number(me, "bytes_used")).isEqualTo(truth.get(Front.CONNECT).written() + truth.get(Front.CONNECT).read());
        assertThat(me).containsEntry("period", period).containsKey("quota_bytes").containsKey("live_sockets");

        for (Front front : Front.values()) {
            Counted t = truth.get(front);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stored(users.get(front)))
                    .as(front + " in usage_current").containsExactly(period, t.written(), t.read(), 2L));
        }

        stopGateway();
        startGateway();

        for (Front front : Front.values()) {
            Counted t = truth.get(front);
            Map<String, Object> after = usage(users.get(front));
            assertThat(number(after, "bytes_in")).as(front + " after restart").isEqualTo(t.written());
            assertThat(number(after, "bytes_out")).as(front + " after restart").isEqualTo(t.read());
        }
        Counted more = RawClients.download(Front.CONNECT, portBase, users.get(Front.CONNECT),
                passwords.get(Front.CONNECT), origin.port(), MIB);
        Counted total = truth.get(Front.CONNECT).plus(more);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(number(usage(users.get(Front.CONNECT)), "bytes_used")).isEqualTo(total.written() + total.read()));
    }

    @Test
    void should_flush_the_bytes_of_sockets_still_open_when_the_product_stops() throws Exception {
        String user = "acct-held";
        String password = (String) createCustomer(user, "Basic").get("password");
        Counted held;
        try (RawClients.Held tunnel = RawClients.holdOpen(portBase, user, password, origin.port(), 3 * MIB)) {
            held = tunnel.counted();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(number(usage(user), "live_sockets")).as("cluster-wide live sockets").isEqualTo(1));

            stopGateway(); // the tunnel is still open: the shutdown closes it and flushes its last bytes

            String period = io.proxysaas.limits.BillingPeriod.calendarMonth(java.time.Instant.now(), java.time.ZoneOffset.UTC).key();
            assertThat(stored(user)).as("in MariaDB as soon as the product has stopped")
                    .containsExactly(period, held.written(), held.read(), 1L);
        } finally {
            startGateway();
        }
        Map<String, Object> after = usage(user);
        assertThat(number(after, "bytes_in")).isEqualTo(held.written());
        assertThat(number(after, "bytes_out")).isEqualTo(held.read());
        assertThat(number(after, "live_sockets")).isZero();
    }

    private static Map<String, Object> usage(String user) throws Exception {
        return UsageChecks.usage(gateway::admin, user);
    }

    private static Map<String, Object> createCustomer(String username, String plan) throws Exception {
        return UsageChecks.createCustomer(gateway::admin, username, plan);
    }

    private static long number(Map<String, Object> m, String key) {
        return UsageChecks.number(m, key);
    }

    private static List<Object> stored(String user) throws Exception {
        return UsageChecks.stored(db.dataSource(), user);
    }
}
