package io.proxysaas.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AccessLineEncoderTest {

    @Test
    void should_end_the_text_with_one_newline() {
        assertThat(new String(AccessLineEncoder.line("one\ntwo"), StandardCharsets.US_ASCII)).isEqualTo("one\ntwo\n");
        assertThat(AccessLineEncoder.line("")).containsExactly('\n');
    }

    @Test
    void should_encode_non_ascii_text_as_utf8_including_surrogate_pairs() {
        for (String text : new String[] {"user=jürgen", "target=€", "user=😀", "x\u0080", "a\ud83d"}) {
            assertThat(AccessLineEncoder.line(text)).as(text).isEqualTo((text + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
