package io.proxysaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every refusal of the admin API is a JSON error with the right status, and the server keeps serving. */
class AdminApiErrorsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static AdminApiTestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = new AdminApiTestApp();
        assertThat(app.json("POST", "/api/admin/customers",
                "{\"username\":\"owner\",\"plan\":\"Basic\",\"ips\":[\"198.51.100.0/24\"]}").statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @AfterEach
    void server_keeps_serving() throws Exception {
        assertThat(app.get("/api/admin/plans").statusCode()).isEqualTo(200);
    }

    static JsonNode error(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
        return body;
    }

    static void assertField(JsonNode error, String field) {
        assertThat(error.get("field").asText()).isEqualTo(field);
        assertThat(error.get("message").asText()).contains(field);
    }

    @Test
    void should_answer_401_without_a_token() throws Exception {
        HttpResponse<String> r = app.send(HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + app.port + "/api/admin/customers")).GET().build());
        error(r, 401, "unauthorized");
        assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void should_answer_401_with_a_wrong_token_and_not_echo_it() throws Exception {
        HttpResponse<String> r = app.send(HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + app.port + "/api/admin/plans"))
                .header("Authorization", "Bearer not-the-token").GET().build());
        error(r, 401, "unauthorized");
        assertThat(r.headers().map().toString()).doesNotContain("not-the-token");
        assertThat(r.body()).doesNotContain("not-the-token");
    }

    @Test
    void should_answer_400_naming_body_for_malformed_json() throws Exception {
        assertField(error(app.json("POST", "/api/admin/customers", "{\"username\": \"x\""), 400, "invalid_json"), "body");
        assertField(error(app.json("POST", "/api/admin/customers", "[1,2]"), 400, "invalid_json"), "body");
        assertField(error(app.json("POST", "/api/admin/customers", "{} trailing"), 400, "invalid_json"), "body");
        assertField(error(app.json("POST", "/api/admin/customers", ""), 400, "invalid_json"), "body");
    }

    @Test
    void should_answer_400_naming_the_missing_or_bad_field() throws Exception {
        assertField(error(app.json("POST", "/api/admin/customers", "{\"plan\":\"Basic\"}"), 400, "invalid"), "username");
        assertField(error(app.json("POST", "/api/admin/customers", "{\"username\":\"a b\",\"plan\":\"Basic\"}"),
                400, "invalid"), "username");
        assertField(error(app.json("POST", "/api/admin/customers", "{\"username\":\"zed\",\"plan\":\"Platinum\"}"),
                400, "invalid"), "plan");
        assertField(error(app.json("POST", "/api/admin/customers",
                "{\"username\":\"zed\",\"plan\":\"Basic\",\"ips\":[\"10.0.0.300\"]}"), 400, "invalid"), "ips");
        assertField(error(app.json("POST", "/api/admin/customers",
                "{\"username\":\"zed\",\"plan\":\"Basic\",\"ips\":[\"0.0.0.0/0\"]}"), 400, "invalid"), "ips");
        assertField(error(app.json("POST", "/api/admin/customers",
                "{\"username\":\"zed\",\"plan\":\"Basic\",\"ips\":\"1.2.3.4\"}"), 400, "invalid"), "ips");
        assertField(error(app.json("POST", "/api/admin/customers",
                "{\"username\":\"zed\",\"plan\":\"Basic\",\"expires_at\":\"tomorrow\"}"), 400, "invalid"), "expires_at");
        assertField(error(app.json("POST", "/api/admin/customers",
                "{\"username\":\"zed\",\"plan\":\"Basic\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}"), 400, "invalid"),
                "expiresAt");
        assertField(error(app.json("POST", "/api/admin/plans", "{\"name\":\"P\",\"threads\":\"ten\"}"), 400, "invalid"),
                "threads");
        assertField(error(app.json("POST", "/api/admin/plans", "{\"name\":\"P\",\"threads\":-1}"), 400, "invalid"),
                "threads");
        assertField(error(app.json("POST", "/api/admin/plans", "{\"name\":\"P\",\"qps\":1.5}"), 400, "invalid"), "qps");
        assertField(error(app.json("PATCH", "/api/admin/customers/owner", "{\"status\":\"gone\"}"), 400, "invalid"),
                "status");
        assertThat(app.get("/api/admin/customers/zed").statusCode()).isEqualTo(404);
    }

    @Test
    void should_answer_404_for_unknown_customer_and_plan() throws Exception {
        error(app.get("/api/admin/customers/nobody"), 404, "not_found");
        error(app.delete("/api/admin/customers/nobody"), 404, "not_found");
        error(app.json("PATCH", "/api/admin/customers/nobody", "{\"note\":\"x\"}"), 404, "not_found");
        error(app.json("POST", "/api/admin/customers/nobody/password", "{}"), 404, "not_found");
        error(app.get("/api/admin/plans/Nothing"), 404, "not_found");
    }

    @Test
    void should_answer_409_for_duplicates_owned_cidrs_and_plans_in_use() throws Exception {
        error(app.json("POST", "/api/admin/customers", "{\"username\":\"owner\",\"plan\":\"Pro\"}"), 409, "conflict");
        assertField(error(app.json("POST", "/api/admin/customers",
                "{\"username\":\"thief\",\"plan\":\"Pro\",\"ips\":[\"198.51.100.0/24\"]}"), 409, "conflict"), "ips");
        assertThat(app.get("/api/admin/customers/thief").statusCode()).isEqualTo(404);
        error(app.json("POST", "/api/admin/plans", "{\"name\":\"Basic\"}"), 409, "conflict");
        error(app.delete("/api/admin/plans/Basic"), 409, "conflict");
        assertField(error(app.json("PATCH", "/api/admin/customers/owner",
                "{\"ips\":[\"1.1.1.1\",\"2.2.2.2\",\"3.3.3.3\",\"4.4.4.4\"]}"), 409, "conflict"), "ips");
    }

    @Test
    void should_refuse_a_verb_the_path_does_not_serve() throws Exception {
        HttpResponse<String> r = app.json("PATCH", "/api/admin/plans", "{}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(405);
    }

    @Test
    void should_answer_413_for_a_body_over_the_limit() throws Exception {
        String big = "{\"note\":\"" + "x".repeat(70 * 1024) + "\"}";
        error(app.json("PATCH", "/api/admin/customers/owner", big), 413, "payload_too_large");
    }

    @Test
    void should_answer_415_for_a_non_json_body() throws Exception {
        HttpResponse<String> r = app.send(app.request("/api/admin/customers")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("username=x")).build());
        error(r, 415, "unsupported_media_type");
        HttpResponse<String> form = app.send(app.request("/api/admin/plans/Basic")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString("threads=1")).build());
        error(form, 415, "unsupported_media_type");
    }
}
