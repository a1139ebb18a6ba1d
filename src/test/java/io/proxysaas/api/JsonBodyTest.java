package io.proxysaas.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxysaas.customer.CustomerPatch;
import io.proxysaas.customer.NewCustomer;
import io.proxysaas.customer.Plan;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Request-body parsing of the admin API: malformed, truncated, oversized-number and hostile input is a 400 naming the field. */
class JsonBodyTest {

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void refused(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.field()).isEqualTo(field);
        });
    }

    @Test
    void should_read_a_plan_with_defaults_for_omitted_limits() {
        Plan plan = PlanJson.read(b("{\"name\":\"P\",\"threads\":3}"), null);

        assertThat(plan).isEqualTo(new Plan("P", 3, 0, 0, 0, 0, 0, 0, 30, 0));
        assertThat(PlanJson.view(plan)).containsKeys("name", "threads", "qps", "bandwidth_bps", "socket_bandwidth_bps",
                "ip_threads", "ip_qps", "monthly_quota_bytes", "duration_days", "price_cents");
    }

    @Test
    void should_refuse_malformed_and_truncated_bodies() {
        refused(() -> PlanJson.read(b("{\"name\":"), null), "body");
        refused(() -> PlanJson.read(b("{'name':'P'}"), null), "body");
        refused(() -> PlanJson.read(b("null"), null), "body");
        refused(() -> PlanJson.read(b("\"just a string\""), null), "body");
        refused(() -> PlanJson.read(b("{}{}"), null), "body");
        refused(() -> PlanJson.read(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00}, null), "body");
    }

    @Test
    void should_refuse_hostile_bodies() {
        String deep = "{\"note\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        refused(() -> CustomerJson.readNew(b(deep)), "body");
        refused(() -> PlanJson.read(b("{\"name\":\"P\",\"name\":\"Q\"}"), null), "body");
        refused(() -> PlanJson.read(b("{\"name\":\"P\",\"threads\":99999999999999999999999}"), null), "threads");
        refused(() -> PlanJson.read(b("{\"name\":\"P\",\"threads\":3000000000}"), null), "threads");
        refused(() -> PlanJson.read(b("{\"name\":\"P\",\"price_cents\":1e3}"), null), "price_cents");
        refused(() -> PlanJson.read(b("{\"name\":\"P\",\"threads\":true}"), null), "threads");
        refused(() -> PlanJson.read(b("{\"name\":{\"$gt\":\"\"}}"), null), "name");
        refused(() -> CustomerJson.readNew(b("{\"username\":\"u\",\"ips\":[\"1.2.3.4\",7]}")), "ips");
    }

    @Test
    void should_refuse_a_put_whose_body_names_another_plan() {
        refused(() -> PlanJson.read(b("{\"name\":\"Other\"}"), "Gold"), "name");
        assertThat(PlanJson.read(b("{\"name\":\"Gold\"}"), "Gold").name()).isEqualTo("Gold");
    }

    @Test
    void should_read_a_new_customer_and_a_patch() {
        NewCustomer c = CustomerJson.readNew(b(
                "{\"username\":\"u1\",\"plan\":\"Pro\",\"expires_at\":\"2030-01-01T02:00:00+02:00\",\"ips\":[\"1.2.3.4\"]}"));
        assertThat(c.expiresAt()).hasToString("2030-01-01T00:00:00Z");
        assertThat(c.ips()).containsExactly("1.2.3.4");

        CustomerPatch p = CustomerJson.readPatch(b("{\"expires_at\":null,\"note\":null,\"created_at\":\"x\"}"), "u1");
        assertThat(p.clearExpiry()).isTrue();
        assertThat(p.clearNote()).isTrue();
        assertThat(p.plan()).isNull();
        refused(() -> CustomerJson.readPatch(b("{\"username\":\"u2\"}"), "u1"), "username");
        refused(() -> CustomerJson.readPatch(b("{\"plan\":null}"), "u1"), "plan");
    }
}
