package io.proxysaas.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.proxysaas.it.ProductProcess;
import io.proxysaas.limits.BillingPeriod;
import io.proxysaas.relay.ExternalProxy;
import io.proxysaas.store.TestDatabase;
import io.proxysaas.usage.RawClients.Counted;
import io.proxysaas.usage.RawClients.Front;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as a real process stopped the way operators stop it (SIGTERM from systemd, Ansible or
 * {@code kill}): its shutdown hooks, not a test's {@code main.stop()}. The bytes of a tunnel that
 * closed just before and of one still open at the signal are in MariaDB once the process has exited,
 * and the shutdown ran in order (usage flushed into a running member, then the member's graceful
 * stop writing them through) instead of Hazelcast's own hook terminating the member first.
 */
class UsageAtSigtermTest {

    private static final int MIB = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestDatabase db;
    static ExternalProxy tinyproxy;
    static CountingOrigin origin;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create();
        tinyproxy = ExternalProxy.tinyproxy(dir, "up", "secret");
        origin = new CountingOrigin();
    }

    @AfterAll
    static void stop() throws Exception {
        if (origin != null) {
            origin.close();
        }
        if (tinyproxy != null) {
            tinyproxy.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void should_persist_every_relayed_byte_when_the_process_is_stopped_by_sigterm() throws Exception {
        try (ProductProcess product = ProductProcess.start(dir, db, List.of("http://up:secret@127.0.0.1:" + tinyproxy.port))) {
            String finishedUser = "sigterm-done";
            String heldUser = "sigterm-held";
            String finishedPassword = createCustomer(product, finishedUser);
            String heldPassword = createCustomer(product, heldUser);

            RawClients.Held held = RawClients.holdOpen(product.portBase, heldUser, heldPassword, origin.port(), 3 * MIB);
            try {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                        number(usage(product, heldUser), "live_sockets")).as("the held tunnel is counted").isEqualTo(1));
                // closed a moment before the signal: its bytes are still waiting for the next report
                Counted finished = RawClients.download(Front.CONNECT, product.portBase, finishedUser, finishedPassword,
                        origin.port(), 2 * MIB);

                int exit = product.terminate(Duration.ofSeconds(60));

                String output = product.output();
                assertThat(output).as("exit code %s; Hazelcast's own shutdown hook must not terminate the member", exit)
                        .doesNotContain("Terminating forcefully");
                assertThat(output).as("the graceful shutdown finished in time")
                        .doesNotContain("Timeout occurred during graceful shutdown")
                        .contains("Usage flushed at shutdown");
                String period = BillingPeriod.calendarMonth(Instant.now(), ZoneOffset.UTC).key();
                assertThat(stored(finishedUser)).as("the tunnel closed just before SIGTERM, in MariaDB")
                        .containsExactly(period, finished.written(), finished.read(), 1L);
                assertThat(stored(heldUser)).as("the tunnel open at SIGTERM, in MariaDB")
                        .containsExactly(period, held.counted().written(), held.counted().read(), 1L);
            } finally {
                held.close();
            }
        }
    }

    private static String createCustomer(ProductProcess product, String username) throws Exception {
        HttpResponse<String> r = product.admin("POST", "/api/admin/customers",
                JSON.writeValueAsString(Map.of("username", username, "plan", "Pro")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return (String) json(r.body()).get("password");
    }

    private static Map<String, Object> usage(ProductProcess product, String user) throws Exception {
        HttpResponse<String> r = product.admin("GET", "/api/admin/usage/" + user, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String body) throws Exception {
        return JSON.readValue(body, Map.class);
    }

    private static long number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }

    private static List<Object> stored(String user) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT period, bytes_in, bytes_out, connections FROM usage_current WHERE username = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                List<Object> row = new ArrayList<>();
                if (rs.next()) {
                    row.add(rs.getString(1));
                    row.add(rs.getLong(2));
                    row.add(rs.getLong(3));
                    row.add(rs.getLong(4));
                }
                return row;
            }
        }
    }
}
