package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxysaas.pool.Upstream;
import io.proxysaas.pool.UpstreamScheme;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Values per pool line: made once per line, and bounded when reloads keep bringing new lines. */
class PerUpstreamTest {

    private final AtomicInteger made = new AtomicInteger();
    private final PerUpstream<String> values = new PerUpstream<>(3, u -> u.host() + "#" + made.incrementAndGet());

    private static Upstream line(int n) {
        return new Upstream(UpstreamScheme.HTTP, "h" + n, 8080, "u", "p");
    }

    @Test
    void should_make_a_value_once_per_line_and_give_equal_lines_the_same_value() {
        assertThat(values.get(line(1))).isEqualTo("h1#1");
        assertThat(values.get(line(1))).isEqualTo("h1#1");
        assertThat(values.get(line(2))).isEqualTo("h2#2");
        assertThat(made).hasValue(2);
    }

    @Test
    void should_start_over_instead_of_growing_past_its_bound() {
        for (int n = 1; n <= 3; n++) {
            values.get(line(n));
        }
        assertThat(values.size()).isEqualTo(3);
        assertThat(values.get(line(4))).isEqualTo("h4#4");
        assertThat(values.size()).as("cleared, then the new line").isEqualTo(1);
        assertThat(values.get(line(1))).as("made again after the clear").isEqualTo("h1#5");
    }
}
