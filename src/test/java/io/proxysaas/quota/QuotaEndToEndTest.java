package io.proxysaas.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.proxysaas.access.QuotaCheck;
import io.proxysaas.customer.CustomerService;
import io.proxysaas.customer.CustomerStatus;
import io.proxysaas.customer.IssuedCustomer;
import io.proxysaas.customer.NewCustomer;
import io.proxysaas.customer.Plan;
import io.proxysaas.customer.PlanService;
import io.proxysaas.it.RunningGateway;
import io.proxysaas.observe.ConnectionSummary;
import io.proxysaas.relay.ExternalProxy;
import io.proxysaas.store.AuditTrail;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quota and expiry through the real relay, real Hazelcast and real tinyproxy with blocking socket
 * clients; alerts to an in-test webhook that fails twice per alert before it accepts.
 */
class QuotaEndToEndTest {

    static final long MIB = 1024 * 1024;
    static final long QUOTA = 4 * MIB;
    static final String NEVER = "0 0 0 1 1 ? 2099";

    @TempDir
    static Path dir;
    static ExternalProxy tinyproxy;
    static BulkTarget target;
    static HttpServer webhook;
    static final Map<String, AtomicInteger> webhookAttempts = new ConcurrentHashMap<>();
    static final ConcurrentLinkedQueue<String> webhookAccepted = new ConcurrentLinkedQueue<>();
    static final ConcurrentLinkedQueue<ConnectionSummary> SUMMARIES = new ConcurrentLinkedQueue<>();
    static RunningGateway gw;

    @BeforeAll
    static void start() throws Exception {
        tinyproxy = ExternalProxy.tinyproxy(dir, "up", "secret");
        target = new BulkTarget();
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        webhook.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int attempt = webhookAttempts.computeIfAbsent(body.replaceAll("\"at\":\"[^\"]*\"", ""),
                    k -> new AtomicInteger()).incrementAndGet();
            int status = attempt <= 2 ? 500 : 200;
            if (status == 200) {
                webhookAccepted.add(body);
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        webhook.start();
        gw = RunningGateway.on(dir).pool(2, tinyproxy.port, "up", "secret").recordConnections(SUMMARIES::add)
                .properties(Map.of(
                        "pool.watch-interval", "3600",
                        "pool.probe.cron", NEVER,
                        "quota.reset-cron", NEVER,
                        "quota.reset-start-delay", "1h",
                        "quota.alert-cron", "* * * * * ?",
                        "alerts.webhook-url", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook",
                        "alerts.redelivery-delay", "100",
                        "alerts.max-redeliveries", "5"))
                .start();
        gw.bean(PlanService.class).create(new Plan("Q4", 0, 0, 0, 0, 0, 0, QUOTA, 30, 0));
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
        if (webhook != null) {
            webhook.stop(0);
        }
        if (target != null) {
            target.close();
        }
        if (tinyproxy != null) {
            tinyproxy.close();
        }
    }

    static IssuedCustomer customer(String username, Instant expiresAt) {
        IssuedCustomer issued = gw.bean(CustomerService.class).create(new NewCustomer(username, "Q4", expiresAt,
                List.of(), "password-" + username, null, CustomerStatus.ACTIVE));
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.bean(io.proxysaas.customer.CustomerDirectory.class)
                .byUsername(username).isPresent());
        return issued;
    }

    static List<ConnectionSummary> summaries(String username) {
        return SUMMARIES.stream().filter(s -> username.equals(s.username())).toList();
    }

    static long relayed(String username) {
        return summaries(username).stream().mapToLong(s -> s.bytesIn() + s.bytesOut()).sum();
    }

    @Test
    void should_cut_a_download_at_the_quota_refuse_new_sockets_and_admit_again_after_reset() throws Exception {
        IssuedCustomer c = customer("quota1", null);
        assertThat(gw.get("/api/proxies.php", "X-API-Key", c.apiKey()).body()).isNotBlank();

        long received;
        try (TunnelClient t = new TunnelClient(gw.portBase)) {
            assertThat(t.connect("quota1", "password-quota1", target.port())).contains(" 200");
            received = t.download("/big");
        }
        assertThat(received).isBetween(QUOTA - MIB, QUOTA + MIB);
        await().atMost(Duration.ofSeconds(10)).until(() -> summaries("quota1").size() == 1);
        assertThat(summaries("quota1").get(0).closeReason()).isEqualTo("quota_exceeded");
        assertThat(relayed("quota1")).isLessThanOrEqualTo(QUOTA + MIB).isGreaterThan(QUOTA - MIB);

        await().atMost(Duration.ofSeconds(5)).until(() -> gw.bean(QuotaCheck.class).exhausted("quota1"));
        try (TunnelClient t = new TunnelClient(gw.portBase + 1)) {
            String status = t.connect("quota1", "password-quota1", target.port());
            assertThat(status).contains(" 403");
        }
        try (TunnelClient t = new TunnelClient(gw.portBase)) {
            assertThat(t.socks("quota1", "password-quota1", target.port())).isEqualTo(0x02);
        }
        HttpResponse<String> list = gw.get("/api/proxies.php", "X-API-Key", c.apiKey());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).isBlank();

        HttpResponse<String> reset = gw.admin("POST", "/api/admin/customers/quota1/quota/reset", "{}");
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        assertThat(reset.body()).contains("\"leased_before\":" + QUOTA);
        await().atMost(Duration.ofSeconds(5)).until(() -> !gw.bean(QuotaCheck.class).exhausted("quota1"));
        try (TunnelClient t = new TunnelClient(gw.portBase)) {
            assertThat(t.connect("quota1", "password-quota1", target.port())).contains(" 200");
            assertThat(t.download("/small")).isGreaterThan(5);
        }
        assertThat(gw.get("/api/proxies.php", "X-API-Key", c.apiKey()).body()).isNotBlank();
        assertThat(gw.bean(AuditTrail.class).since(null, 10_000))
                .anyMatch(e -> e.action().equals("customer.quota.reset") && "quota1".equals(e.target()));
    }

    @Test
    void should_cut_a_plain_http_download_at_the_quota() throws Exception {
        customer("plain1", null);
        long received;
        try (TunnelClient t = new TunnelClient(gw.portBase)) {
            received = t.plainGet("plain1", "password-plain1", target.port(), "/big");
        }
        assertThat(received).isBetween(QUOTA - MIB, QUOTA + MIB);
        await().atMost(Duration.ofSeconds(10)).until(() -> summaries("plain1").size() == 1);
        assertThat(summaries("plain1").get(0).closeReason()).isEqualTo("quota_exceeded");
        assertThat(relayed("plain1")).isLessThanOrEqualTo(QUOTA + MIB);
    }

    @Test
    void should_keep_four_parallel_sockets_within_one_mib_over_the_quota() throws Exception {
        customer("quota4", null);
        List<TunnelClient> tunnels = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 4; i++) {
                TunnelClient t = new TunnelClient(gw.portBase + i % 2);
                tunnels.add(t);
                assertThat(t.connect("quota4", "password-quota4", target.port())).contains(" 200");
            }
            List<Future<Long>> downloads = new ArrayList<>();
            for (TunnelClient t : tunnels) {
                downloads.add(pool.submit(() -> t.download("/big")));
            }
            long total = 0;
            for (Future<Long> f : downloads) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isLessThanOrEqualTo(QUOTA + MIB).isGreaterThan(QUOTA - MIB);
        } finally {
            pool.shutdownNow();
            for (TunnelClient t : tunnels) {
                t.close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> summaries("quota4").size() == 4);
        assertThat(summaries("quota4")).allMatch(s -> s.closeReason().equals("quota_exceeded"));
        assertThat(relayed("quota4")).isLessThanOrEqualTo(QUOTA + MIB);
    }

    @Test
    void should_close_a_live_tunnel_within_one_second_after_expiry_and_refuse_new_ones() throws Exception {
        Instant expiresAt = Instant.now().plusSeconds(3);
        customer("expiry1", expiresAt);
        try (TunnelClient t = new TunnelClient(gw.portBase)) {
            assertThat(t.connect("expiry1", "password-expiry1", target.port())).contains(" 200");
            assertThat(t.closedByPeer()).isTrue(); // blocks until the gateway closes the idle tunnel
            Instant closedAt = Instant.now();
            assertThat(Duration.between(expiresAt, closedAt)).isLessThan(Duration.ofSeconds(1))
                    .isGreaterThan(Duration.ofMillis(-50));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> summaries("expiry1").size() == 1);
        assertThat(summaries("expiry1").get(0).closeReason()).isEqualTo("expired");
        try (TunnelClient t = new TunnelClient(gw.portBase)) {
            assertThat(t.connect("expiry1", "password-expiry1", target.port())).contains(" 403");
        }
    }

    @Test
    void should_post_quota_alerts_to_the_webhook_once_after_two_failed_attempts() throws Exception {
        customer("webhook1", null);
        try (TunnelClient t = new TunnelClient(gw.portBase)) {
            assertThat(t.connect("webhook1", "password-webhook1", target.port())).contains(" 200");
            t.download("/big");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> accepted("webhook1", "quota_80") == 1 && accepted("webhook1", "quota_100") == 1);
        assertThat(webhookAttempts.entrySet()).filteredOn(e -> e.getKey().contains("\"username\":\"webhook1\""))
                .allMatch(e -> e.getValue().get() == 3);
        String body = webhookAccepted.stream().filter(b -> b.contains("\"quota_100\"") && b.contains("\"webhook1\""))
                .findFirst().orElseThrow();
        assertThat(body).startsWith("{\"type\":\"quota_100\",\"username\":\"webhook1\",\"at\":\"").contains("\"detail\":\"");
        assertThat(gw.bean(AuditTrail.class).since(null, 10_000))
                .anyMatch(e -> e.action().equals("alert.quota_80") && "webhook1".equals(e.target()))
                .anyMatch(e -> e.action().equals("alert.quota_100") && "webhook1".equals(e.target()));
        // the check runs every second: the alert stays sent once
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> accepted("webhook1", "quota_80") == 1 && accepted("webhook1", "quota_100") == 1);
    }

    static long accepted(String username, String type) {
        return webhookAccepted.stream()
                .filter(b -> b.contains("\"type\":\"" + type + "\"") && b.contains("\"username\":\"" + username + "\""))
                .count();
    }
}
