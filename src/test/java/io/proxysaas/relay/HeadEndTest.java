package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The blank-line search of HTTP heads: exact index, bounds respected, near misses not taken. */
class HeadEndTest {

    private static int find(String text, int from, int to) {
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
        try {
            return HeadEnd.find(buf, from, to);
        } finally {
            buf.release();
        }
    }

    private static int find(String text) {
        return find(text, 0, text.length());
    }

    @Test
    void should_find_the_first_blank_line_at_its_cr() {
        assertThat(find("\r\n\r\n")).isZero();
        assertThat(find("GET / HTTP/1.1\r\nHost: a\r\n\r\nbody\r\n\r\n")).isEqualTo(23);
        assertThat(find("CONNECT a:1 HTTP/1.1\r\n\r\n")).isEqualTo(20);
    }

    @Test
    void should_not_take_near_misses() {
        assertThat(find("")).isEqualTo(-1);
        assertThat(find("\r\n\r")).isEqualTo(-1);
        assertThat(find("a\n\nb")).isEqualTo(-1);
        assertThat(find("a\r\n\nb")).isEqualTo(-1);
        assertThat(find("a\n\r\nb")).isEqualTo(-1);
        assertThat(find("a\r\r\n\r\nb")).isEqualTo(2); // the real one behind a stray CR
        assertThat(find("x\n\n\n\r\n\r\n")).isEqualTo(4);
    }

    @Test
    void should_search_only_between_from_and_to() {
        String text = "ab\r\n\r\ncd\r\n\r\n";
        assertThat(find(text, 0, 5)).as("cut before its last LF").isEqualTo(-1);
        assertThat(find(text, 0, 6)).isEqualTo(2);
        assertThat(find(text, 3, text.length())).as("starting inside the first").isEqualTo(8);
    }

    @Test
    void should_answer_absolute_indexes_of_a_buffer_read_from_the_middle() {
        ByteBuf buf = Unpooled.copiedBuffer("skipped\r\n\r\nHEAD\r\n\r\n", StandardCharsets.ISO_8859_1);
        try {
            buf.readerIndex(11);
            assertThat(HeadEnd.find(buf, buf.readerIndex(), buf.writerIndex())).isEqualTo(15);
        } finally {
            buf.release();
        }
    }
}
