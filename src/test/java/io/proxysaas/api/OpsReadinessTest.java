package io.proxysaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxysaas.observe.ReadinessCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpsReadinessTest {

    @Test
    void should_be_ready_with_no_checks_at_all() {
        CustomerApiReply reply = new OpsReadiness(List::of).ready();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"status\":\"READY\",\"checks\":{}}");
    }

    @Test
    void should_report_a_throwing_check_as_a_problem_instead_of_failing() {
        ReadinessCheck broken = check("pool", () -> {
            throw new IllegalStateException("pool not loaded");
        });
        CustomerApiReply reply = new OpsReadiness(() -> List.of(check("cluster", () -> null), broken)).ready();

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.body()).contains("\"status\":\"NOT_READY\"", "\"cluster\":\"UP\"", "pool not loaded");
    }

    @Test
    void should_answer_liveness_without_consulting_checks() {
        CustomerApiReply reply = new OpsReadiness(() -> {
            throw new AssertionError("liveness must not run readiness checks");
        }).health();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    private static ReadinessCheck check(String name, java.util.function.Supplier<String> problem) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String problem() {
                return problem.get();
            }
        };
    }
}
