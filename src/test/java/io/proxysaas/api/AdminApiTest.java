package io.proxysaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proxysaas.customer.CustomerService;
import io.proxysaas.security.PasswordHasher;
import io.proxysaas.security.Secrets;
import io.proxysaas.store.AuditTrail;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin API's happy paths over real HTTP against a real MariaDB. */
class AdminApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static AdminApiTestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = new AdminApiTestApp();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static JsonNode body(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void should_list_the_four_seeded_plans() throws Exception {
        HttpResponse<String> r = app.get("/api/admin/plans");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode plans = body(r);
        assertThat(plans.findValuesAsText("name")).contains("Basic", "Pro", "Enterprise", "Custom");
        JsonNode basic = plans.get(0);
        assertThat(basic.get("name").asText()).isEqualTo("Basic");
        assertThat(basic.get("threads").asInt()).isEqualTo(10);
        assertThat(basic.get("monthly_quota_bytes").asLong()).isEqualTo(1L << 30);
        assertThat(basic.get("price_cents").asLong()).isEqualTo(1000);
        assertThat(basic.get("duration_days").asInt()).isEqualTo(30);
    }

    @Test
    void should_create_read_replace_and_delete_a_plan() throws Exception {
        HttpResponse<String> created = app.json("POST", "/api/admin/plans",
                "{\"name\":\"Gold\",\"threads\":20,\"monthly_quota_bytes\":5368709120,\"price_cents\":2500}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(body(created).get("qps").asInt()).isZero();

        JsonNode gold = body(app.get("/api/admin/plans/Gold"));
        assertThat(gold.get("threads").asInt()).isEqualTo(20);
        assertThat(gold.get("duration_days").asInt()).isEqualTo(30);

        HttpResponse<String> replaced = app.json("PUT", "/api/admin/plans/Gold", "{\"threads\":25,\"qps\":5}");
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(body(app.get("/api/admin/plans/Gold")).get("threads").asInt()).isEqualTo(25);
        assertThat(app.json("PUT", "/api/admin/plans/Silver", "{\"threads\":2}").statusCode()).isEqualTo(201);

        assertThat(app.delete("/api/admin/plans/Gold").statusCode()).isEqualTo(204);
        assertThat(app.get("/api/admin/plans/Gold").statusCode()).isEqualTo(404);
        assertThat(app.bean(AuditTrail.class).since(null, 1000))
                .extracting(AuditTrail.AuditEntry::action)
                .contains("plan.create", "plan.update", "plan.delete");
    }

    @Test
    void should_create_a_customer_showing_its_secrets_only_once() throws Exception {
        HttpResponse<String> r = app.json("POST", "/api/admin/customers",
                "{\"username\":\"alice\",\"plan\":\"Pro\",\"ips\":[\"10.1.2.3\",\"2001:db8::/32\"],\"note\":\"vip\"}");

        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode alice = body(r);
        String password = alice.get("password").asText();
        String apiKey = alice.get("api_key").asText();
        assertThat(password).hasSize(20);
        assertThat(apiKey).hasSize(32);
        assertThat(alice.get("status").asText()).isEqualTo("active");
        assertThat(alice.get("ips").toString()).isEqualTo("[\"10.1.2.3/32\",\"2001:db8:0:0:0:0:0:0/32\"]");
        Instant expires = Instant.parse(alice.get("expires_at").asText());
        assertThat(expires).isBetween(Instant.now().plusSeconds(29L * 86400), Instant.now().plusSeconds(31L * 86400));

        HttpResponse<String> read = app.get("/api/admin/customers/alice");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).doesNotContain(password, apiKey, "password", "api_key", "hash");
        assertThat(app.get("/api/admin/customers").body()).contains("\"alice\"").doesNotContain(password, apiKey);

        var stored = app.bean(CustomerService.class).get("alice");
        assertThat(PasswordHasher.verify(password, stored.passwordHash())).isTrue();
        assertThat(stored.apiKeyHash()).isEqualTo(Secrets.sha256Hex(apiKey));
        assertThat(app.bean(AuditTrail.class).since(null, 1000)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("customer.create");
            assertThat(e.actor()).isEqualTo("ADMIN_TOKEN");
            assertThat(e.target()).isEqualTo("alice");
            assertThat(e.clientIp()).isEqualTo("127.0.0.1");
            assertThat(e.afterJson()).contains("\"alice\"").doesNotContain(password, apiKey);
        });
    }

    @Test
    void should_patch_rotate_and_delete_a_customer() throws Exception {
        assertThat(app.json("POST", "/api/admin/customers",
                "{\"username\":\"bob\",\"plan\":\"Basic\",\"password\":\"bobs-own-password\",\"expires_at\":\"2031-01-01T00:00:00Z\"}")
                .statusCode()).isEqualTo(201);

        HttpResponse<String> patched = app.json("PATCH", "/api/admin/customers/bob",
                "{\"plan\":\"Enterprise\",\"ips\":[\"192.0.2.0/24\"],\"status\":\"locked\",\"note\":\"moved\"}");
        assertThat(patched.statusCode()).isEqualTo(200);
        JsonNode bob = body(patched);
        assertThat(bob.get("plan").asText()).isEqualTo("Enterprise");
        assertThat(bob.get("status").asText()).isEqualTo("locked");
        assertThat(bob.get("expires_at").asText()).isEqualTo("2031-01-01T00:00:00Z");
        assertThat(bob.get("ips").get(0).asText()).isEqualTo("192.0.2.0/24");

        HttpResponse<String> pw = app.send(app.request("/api/admin/customers/bob/password")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(pw.statusCode()).isEqualTo(200);
        String newPassword = body(pw).get("password").asText();
        assertThat(body(pw).has("api_key")).isFalse();
        assertThat(PasswordHasher.verify(newPassword, app.bean(CustomerService.class).get("bob").passwordHash())).isTrue();
        assertThat(PasswordHasher.verify("bobs-own-password", app.bean(CustomerService.class).get("bob").passwordHash()))
                .isFalse();

        HttpResponse<String> key = app.json("POST", "/api/admin/customers/bob/api-key", "{}");
        assertThat(key.statusCode()).isEqualTo(200);
        assertThat(app.bean(CustomerService.class).get("bob").apiKeyHash())
                .isEqualTo(Secrets.sha256Hex(body(key).get("api_key").asText()));

        assertThat(app.delete("/api/admin/customers/bob").statusCode()).isEqualTo(204);
        assertThat(app.get("/api/admin/customers/bob").statusCode()).isEqualTo(404);
        assertThat(app.bean(AuditTrail.class).since(null, 1000))
                .extracting(AuditTrail.AuditEntry::action)
                .contains("customer.update", "customer.password.rotate", "customer.api_key.rotate", "customer.delete");
    }
}
