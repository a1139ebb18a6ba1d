package io.proxysaas.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CleanupTest {

    @Test
    void should_close_every_resource_in_order_and_skip_the_missing_ones() throws Exception {
        List<String> closed = new ArrayList<>();
        Cleanup.closeAll(() -> closed.add("a"), null, () -> closed.add("b"));
        assertThat(closed).containsExactly("a", "b");
    }

    @Test
    void should_close_the_rest_when_one_fails_and_report_every_failure() {
        List<String> closed = new ArrayList<>();
        assertThatThrownBy(() -> Cleanup.closeAll(
                () -> { throw new IOException("first"); },
                () -> closed.add("b"),
                () -> { throw new IllegalStateException("second"); },
                () -> closed.add("d")))
                .isInstanceOf(IOException.class).hasMessage("first")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("second"));
        assertThat(closed).containsExactly("b", "d");
    }
}
