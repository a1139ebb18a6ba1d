package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.proxysaas.pool.Upstream;
import io.proxysaas.pool.UpstreamScheme;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP front of a relay socket on an EmbeddedChannel: valid, malformed, oversized and hostile heads. */
class HttpHandshakeDecodingTest {

    private final TestAccess access = new TestAccess();
    private final TestPool pool = new TestPool();
    private final ConcurrentLinkedQueue<io.proxysaas.observe.ConnectionSummary> summaries = new ConcurrentLinkedQueue<>();
    private final Transport transport = TestTransports.nio(1);
    private final EmbeddedChannel ch;

    HttpHandshakeDecodingTest() {
        pool.put(7, new Upstream(UpstreamScheme.HTTP, "127.0.0.1", 1, "up", "secret"));
        RelaySettings settings = new RelaySettings(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(30),
                8192, "n");
        ch = new EmbeddedChannel(new RelayInitializerFactory(pool, access, settings, transport, summaries::add,
                new ConnectionRegistry()).forPort(7));
    }

    @AfterEach
    void release() {
        ch.finishAndReleaseAll();
        transport.close();
    }

    private String answer() {
        StringBuilder sb = new StringBuilder();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            sb.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return sb.toString();
    }

    /** A request line, then 1,000-byte headers for 64 KiB in all, one send each, while the socket stays open. */
    private void sendHeadOf64KiB(String requestLine) {
        send(requestLine);
        String chunk = "X-Big: " + "a".repeat(1000) + "\r\n";
        for (int i = 0; i < 64 && ch.isOpen(); i++) {
            send(chunk);
        }
    }

    private void send(String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    @Test
    void should_challenge_a_connect_without_credentials_with_407() {
        send("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
        String a = answer().toLowerCase(java.util.Locale.ROOT);
        assertThat(a).startsWith("http/1.1 407").contains("proxy-authenticate: basic realm=\"proxy-saas\"")
                .contains("x-proxy-error: auth_required").contains("connection: close");
        assertThat(ch.isOpen()).isFalse();
        assertThat(summaries).singleElement().satisfies(s -> assertThat(s.closeReason()).isEqualTo("refused:auth_required"));
    }

    @Test
    void should_answer_407_not_an_exception_for_bad_base64() {
        send("GET http://example.com/ HTTP/1.1\r\nProxy-Authorization: Basic !!!not-base64%%%\r\n\r\n");
        assertThat(answer()).startsWith("HTTP/1.1 407").contains("not valid base64");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void should_answer_407_for_a_non_basic_scheme_and_a_pair_without_colon() {
        send("GET http://example.com/ HTTP/1.1\r\nProxy-Authorization: Bearer abc\r\n\r\n");
        assertThat(answer()).startsWith("HTTP/1.1 407");
    }

    @Test
    void should_refuse_a_banned_customer_with_403_and_the_reason_code() {
        send("CONNECT example.com:443 HTTP/1.1\r\nProxy-Authorization: " + BasicAuth.header("mallory", "evil") + "\r\n\r\n");
        assertThat(answer()).startsWith("HTTP/1.1 403").contains("X-Proxy-Error: customer_banned").contains("account banned");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void should_answer_a_refusal_in_http_after_a_codec_read_connect_left_the_codec() {
        // an obs-folded CONNECT head goes through the codec, which leaves once the CONNECT is read (what follows is
        // the tunnel's); the refusal that comes after is still a well-formed HTTP answer
        send("CONNECT example.com:443 HTTP/1.1\r\nX: a\r\n folded\r\nProxy-Authorization: "
                + BasicAuth.header("mallory", "evil") + "\r\n\r\n\u0016\u0003\u0001early");
        assertThat(ch.pipeline().get(HttpFrontendHandler.CODEC)).as("the codec left").isNull();
        String answer = answer();
        assertThat(answer).startsWith("HTTP/1.1 403").contains("X-Proxy-Error: customer_banned")
                .contains("content-length: 15").endsWith("\r\n\r\naccount banned\n");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void should_answer_431_to_a_64_kib_header_without_buffering_it_whole() {
        sendHeadOf64KiB("GET http://example.com/ HTTP/1.1\r\n");
        assertThat(answer()).startsWith("HTTP/1.1 431").contains("X-Proxy-Error: header_too_large");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void should_answer_431_to_a_connect_head_over_the_limit_sent_in_pieces() {
        // the codec-free reader waits for the head only up to the limit, then the codec answers as for any head
        sendHeadOf64KiB("CONNECT example.com:443 HTTP/1.1\r\n");
        assertThat(answer()).startsWith("HTTP/1.1 431").contains("X-Proxy-Error: header_too_large");
        assertThat(ch.isOpen()).isFalse();
        assertThat(access.admits.get()).isZero();
    }

    @Test
    void should_answer_400_to_a_connect_without_port_and_to_a_broken_request_line() {
        send("CONNECT example.com HTTP/1.1\r\nProxy-Authorization: " + BasicAuth.header("alice", "wonder") + "\r\n\r\n");
        assertThat(answer()).startsWith("HTTP/1.1 400");
        assertThat(ch.isOpen()).isFalse();
        assertThat(access.live).isEmpty();
    }

    @Test
    void should_answer_400_to_a_relative_uri_request() {
        send("GET /relative HTTP/1.1\r\nHost: x\r\nProxy-Authorization: " + BasicAuth.header("alice", "wonder") + "\r\n\r\n");
        assertThat(answer()).startsWith("HTTP/1.1 400").contains("absolute");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void should_wait_for_a_truncated_head_then_answer_408_at_the_handshake_timeout() {
        send("CONNECT example.com:443 HTTP/1.1\r\nHost: exa");
        assertThat(answer()).isEmpty();
        assertThat(ch.isOpen()).isTrue();
        ch.advanceTimeBy(600, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(answer()).startsWith("HTTP/1.1 408");
        assertThat(ch.isOpen()).isFalse();
        assertThat(summaries).singleElement().satisfies(s -> assertThat(s.closeReason()).isEqualTo("handshake_timeout"));
    }

    @Test
    void should_close_a_socket_whose_first_byte_is_neither_socks5_nor_http() {
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x01}));
        assertThat(ch.isOpen()).isFalse();
        assertThat(summaries).singleElement().satisfies(s -> assertThat(s.closeReason()).isEqualTo("bad_protocol"));
    }

    @Test
    void should_parse_basic_credentials_and_targets_strictly() {
        assertThat(BasicAuth.parse(BasicAuth.header("u", "p:with:colons")))
                .isEqualTo(new BasicAuth.Present(new io.proxysaas.access.Credentials("u", "p:with:colons")));
        assertThat(BasicAuth.parse(null)).isInstanceOf(BasicAuth.Absent.class);
        assertThat(BasicAuth.parse("Basic " + "A".repeat(5000))).isInstanceOf(BasicAuth.Malformed.class);
        assertThat(BasicAuth.parse("Basic bm9jb2xvbg==")).isInstanceOf(BasicAuth.Malformed.class);
        assertThat(HostPort.parse("[::1]:443", -1)).isEqualTo(new HostPort("::1", 443));
        assertThat(HostPort.parse("host:99999", -1)).isNull();
        assertThat(HostPort.parse("ho st:80", -1)).isNull();
        assertThat(HostPort.parse("a:b:c", -1)).isNull();
        assertThat(AbsoluteUri.parse("http://example.com:8080/p?q=1#frag").originForm()).isEqualTo("/p?q=1");
        assertThat(AbsoluteUri.parse("http://user@example.com/")).isNull();
        assertThat(AbsoluteUri.parse("https://example.com/")).isNull();
    }

    @Test
    void should_answer_a_connect_head_that_comes_in_pieces_without_the_codec() {
        send("CONN");
        send("ECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n");
        assertThat(answer()).isEmpty();
        assertThat(ch.pipeline().get(HttpFrontendHandler.CODEC)).isNull();
        send("\r\n");
        assertThat(answer()).startsWith("HTTP/1.1 407 Proxy Authentication Required\r\n")
                .contains("\r\nproxy-authenticate: Basic realm=\"proxy-saas\"\r\n").contains("\r\nX-Proxy-Error: auth_required\r\n")
                .contains("\r\nconnection: close\r\n").endsWith("\n");
        assertThat(ch.pipeline().get(HttpFrontendHandler.CODEC)).as("never installed for a plain CONNECT").isNull();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void should_leave_an_unusual_connect_head_to_the_codec_which_decides_as_before() {
        // an obs-folded header: not the fast reader's form; Netty's codec unfolds it and the CONNECT goes on
        send("CONNECT example.com:443 HTTP/1.1\r\nX: a\r\n folded\r\nProxy-Authorization: "
                + BasicAuth.header("alice", "wonder") + "\r\n\r\n");
        assertThat(access.admits.get()).as("read by the codec, credentials and all").isEqualTo(1);
        // and a broken one gets the codec's 400, as any HTTP head does
        EmbeddedChannel other = new EmbeddedChannel(new RelayInitializerFactory(pool, access, new RelaySettings(
                Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(30), 8192, "n"), transport, summaries::add,
                new ConnectionRegistry()).forPort(7));
        try {
            other.writeInbound(Unpooled.copiedBuffer("CONNECT example.com:443 HTTP/1.1\r\nBad Name: x\r\n\r\n",
                    StandardCharsets.ISO_8859_1));
            ByteBuf out = other.readOutbound();
            assertThat(out.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 400").contains("X-Proxy-Error: bad_request");
            out.release();
            assertThat(other.isOpen()).isFalse();
        } finally {
            other.finishAndReleaseAll();
        }
    }

    @Test
    void should_hand_a_connect_head_cut_by_a_half_close_to_the_codec() {
        send("CONNECT example.com:443 HTTP/1.1\r\nHost: exa");
        ch.pipeline().fireUserEventTriggered(io.netty.channel.socket.ChannelInputShutdownEvent.INSTANCE);
        assertThat(ch.isOpen()).isFalse();
        assertThat(access.live).isEmpty();
        assertThat(summaries).singleElement().satisfies(s -> assertThat(s.username()).isNull());
    }
}
