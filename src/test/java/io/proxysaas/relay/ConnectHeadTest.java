package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The codec-free CONNECT head reader: what it takes, what it waits for, and everything it leaves to the codec. */
class ConnectHeadTest {

    private static final int MAX = 8192;

    private static Object parse(String text) {
        ByteBuf in = Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
        try {
            int before = in.readerIndex();
            Object result = ConnectHead.parse(in, MAX);
            assertThat(in.readerIndex()).as("the reader index is not moved").isEqualTo(before);
            return result;
        } finally {
            in.release();
        }
    }

    @Test
    void should_read_a_plain_connect_head_with_credentials_and_its_exact_length() {
        String head = "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n"
                + "proxy-AUTHORIZATION: \t Basic dTpw \t\r\nUser-Agent: curl/8.0\r\n\r\n";
        Object r = parse(head + "\u0016\u0003\u0001early TLS bytes");
        assertThat(r).isInstanceOf(ConnectHead.Parsed.class);
        ConnectHead.Parsed p = (ConnectHead.Parsed) r;
        assertThat(p.length()).isEqualTo(head.length());
        assertThat(p.authority()).isEqualTo("example.com:443");
        assertThat(p.version()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(p.proxyAuthorization()).isEqualTo("Basic dTpw");
        HttpRequest req = p.toRequest();
        assertThat(req.method()).isEqualTo(HttpMethod.CONNECT);
        assertThat(req.uri()).isEqualTo("example.com:443");
        assertThat(req.headers().get(HttpHeaderNames.PROXY_AUTHORIZATION)).isEqualTo("Basic dTpw");
        assertThat(req.decoderResult().isSuccess()).isTrue();
    }

    @Test
    void should_read_a_head_without_headers_an_ipv6_authority_and_http_1_0() {
        ConnectHead.Parsed p = (ConnectHead.Parsed) parse("CONNECT [::1]:8443 HTTP/1.0\r\n\r\n");
        assertThat(p.authority()).isEqualTo("[::1]:8443");
        assertThat(p.version()).isEqualTo(HttpVersion.HTTP_1_0);
        assertThat(p.proxyAuthorization()).isNull();
        assertThat(p.length()).isEqualTo("CONNECT [::1]:8443 HTTP/1.0\r\n\r\n".length());
    }

    @Test
    void should_keep_the_first_of_two_proxy_authorization_headers_as_the_codec_does() {
        ConnectHead.Parsed p = (ConnectHead.Parsed) parse(
                "CONNECT a:1 HTTP/1.1\r\nProxy-Authorization: Basic first\r\nProxy-Authorization: Basic second\r\n\r\n");
        assertThat(p.proxyAuthorization()).isEqualTo("Basic first");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "C", "CONN", "CONNEC", "CONNECT ", "CONNECT a:1 HTTP/1.1\r\n", "CONNECT a:1 HTTP/1.1\r\nHost: a\r\n\r",
            "CONNECT a:1 HTTP/1.1\r\nHost: a"})
    void should_wait_for_more_of_a_truncated_connect_head(String text) {
        assertThat(parse(text)).isSameAs(ConnectHead.NEED_MORE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET http://a/ HTTP/1.1\r\n\r\n",            // another method
            "connect a:1 HTTP/1.1\r\n\r\n",              // lower-case method
            "CONNECTa:1 HTTP/1.1\r\n\r\n",
            "CONNECT  a:1 HTTP/1.1\r\n\r\n",             // two spaces
            "CONNECT a:1 HTTP/1.1 \r\n\r\n",
            "CONNECT a:1 HTTP/2.0\r\n\r\n",
            "CONNECT a:1 HTTP/1.2\r\n\r\n",
            "CONNECT a:1 HTTPS/1.1\r\n\r\n",
            "CONNECT a b:1 HTTP/1.1\r\n\r\n",
            "CONNECT a:1\r\n\r\n",                        // no version
            "CONNECT a:1 HTTP/1.1\r\n folded\r\n\r\n",   // obs-fold
            "CONNECT a:1 HTTP/1.1\r\nNo-Colon\r\n\r\n",
            "CONNECT a:1 HTTP/1.1\r\n: no name\r\n\r\n",
            "CONNECT a:1 HTTP/1.1\r\nBad Name: x\r\n\r\n",
            "CONNECT a:1 HTTP/1.1\r\nX: a\nb\r\n\r\n",   // bare LF in a value
            "CONNECT a:1 HTTP/1.1\r\nX: a\rb\r\n\r\n",   // bare CR in a value
            "CONNECT a:1 HTTP/1.1\r\nX: a\u0000b\r\n\r\n",
            "CONNECT a:1 HTTP/1.1\r\nX: caf\u00e9\r\n\r\n",
            "CONNECT a\u0001:1 HTTP/1.1\r\n\r\n",
            "CONNECT a:1 HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
            "CONNECT a:1 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"})
    void should_leave_every_other_head_to_the_codec(String text) {
        assertThat(parse(text)).as(text).isSameAs(ConnectHead.NOT_MINE);
    }

    @Test
    void should_leave_an_oversized_head_to_the_codec_complete_or_not() {
        String big = "CONNECT a:1 HTTP/1.1\r\nX-Big: " + "a".repeat(MAX) + "\r\n";
        assertThat(parse(big)).isSameAs(ConnectHead.NOT_MINE);
        assertThat(parse(big + "\r\n")).isSameAs(ConnectHead.NOT_MINE);
        String fits = "CONNECT a:1 HTTP/1.1\r\nX: " + "a".repeat(MAX - 40) + "\r\n\r\n";
        assertThat(fits.length()).isLessThanOrEqualTo(MAX);
        assertThat(parse(fits)).isInstanceOf(ConnectHead.Parsed.class);
    }

    @Test
    void should_read_from_the_reader_index_of_a_buffer_with_bytes_before_it() {
        ByteBuf in = Unpooled.copiedBuffer("xxCONNECT h:2 HTTP/1.1\r\n\r\n", StandardCharsets.ISO_8859_1);
        try {
            in.readerIndex(2);
            ConnectHead.Parsed p = (ConnectHead.Parsed) ConnectHead.parse(in, MAX);
            assertThat(p.authority()).isEqualTo("h:2");
            assertThat(p.length()).isEqualTo(in.readableBytes());
        } finally {
            in.release();
        }
    }
    @Test
    void should_resume_the_search_where_the_last_piece_ended_whatever_the_split() {
        // the sniffer passes how much it already searched; the blank line may straddle any split point
        String head = "CONNECT example.com:443 HTTP/1.1\r\nProxy-Authorization: Basic dTpw\r\n\r\n";
        for (int split = 1; split < head.length(); split++) {
            ByteBuf in = Unpooled.buffer();
            try {
                in.writeCharSequence(head.substring(0, split), StandardCharsets.ISO_8859_1);
                assertThat(ConnectHead.parse(in, MAX, 0)).as("first %d bytes", split).isSameAs(ConnectHead.NEED_MORE);
                int searched = in.readableBytes();
                in.writeCharSequence(head.substring(split), StandardCharsets.ISO_8859_1);
                Object r = ConnectHead.parse(in, MAX, searched);
                assertThat(r).as("split at %d", split).isInstanceOf(ConnectHead.Parsed.class);
                assertThat(((ConnectHead.Parsed) r).length()).isEqualTo(head.length());
            } finally {
                in.release();
            }
        }
    }
}
