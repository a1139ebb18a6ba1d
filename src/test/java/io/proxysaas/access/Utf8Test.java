package io.proxysaas.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void should_encode_as_the_jdk_does_including_unpaired_surrogates() {
        String[] samples = {"", "a", "secret", "pässwörd", "пароль", "密码", "🔑key🔑", "\u0000\u007f\u0080\u07ff\u0800\uffff",
            "\ud83d", "\ude00", "x\ud83dy", "\ude00\ud83d", "\ud83d\ud83d\ude00", "end\ud83d"};
        for (String sample : samples) {
            assertThat(encode(sample)).as(sample).isEqualTo(sample.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void should_encode_random_utf16_text_as_the_jdk_does() {
        Random random = new Random(7);
        for (int round = 0; round < 5000; round++) {
            char[] chars = new char[random.nextInt(40)];
            for (int i = 0; i < chars.length; i++) {
                // a third from the surrogate range, so unpaired and paired surrogates both turn up
                chars[i] = random.nextInt(3) == 0 ? (char) (0xd800 + random.nextInt(0x800)) : (char) random.nextInt(0x10000);
            }
            String text = new String(chars);

            assertThat(encode(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void should_write_at_the_offset_and_report_the_length() {
        byte[] target = new byte[4 + 3 * 3];
        int n = Utf8.encode("aé€", target, 4);

        assertThat(n).isEqualTo(6);
        assertThat(Arrays.copyOfRange(target, 4, 10)).isEqualTo("aé€".getBytes(StandardCharsets.UTF_8));
        assertThat(Arrays.copyOfRange(target, 0, 4)).containsOnly(0);
    }

    private static byte[] encode(String text) {
        byte[] target = new byte[text.length() * Utf8.MAX_BYTES_PER_CHAR];
        return Arrays.copyOf(target, Utf8.encode(text, target, 0));
    }
}
