package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.proxysaas.pool.Upstream;
import io.proxysaas.pool.UpstreamScheme;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The SOCKS5 decoder alone and the SOCKS5 front on an EmbeddedChannel: valid, truncated and hostile input. */
class Socks5HandshakeDecodingTest {

    private static ByteBuf bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return Unpooled.wrappedBuffer(out);
    }

    private static byte[] drain(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            all.writeBytes((ByteBuf) o);
            ((ByteBuf) o).release();
        }
        byte[] out = new byte[all.readableBytes()];
        all.readBytes(out);
        return out;
    }

    @Test
    void should_decode_greeting_auth_and_connect_even_when_split_byte_by_byte() {
        EmbeddedChannel ch = new EmbeddedChannel(new Socks5ServerDecoder());
        int[] all = {5, 2, 0, 2, 1, 5, 'a', 'l', 'i', 'c', 'e', 2, 'p', 'w', 5, 1, 0, 3, 11,
            'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'c', 'o', 'm', 0x01, 0xBB};
        for (int b : all) {
            ch.writeInbound(bytes(b));
        }
        Socks5Message.Greeting g = ch.readInbound();
        assertThat(g.offers(2)).isTrue();
        assertThat((Object) ch.readInbound()).isEqualTo(new Socks5Message.PasswordAuth("alice", "pw"));
        assertThat((Object) ch.readInbound()).isEqualTo(new Socks5Message.Command(1, "example.com", 443));
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void should_decode_ipv4_and_ipv6_targets() {
        EmbeddedChannel v4 = new EmbeddedChannel(new Socks5ServerDecoder());
        v4.writeInbound(bytes(5, 1, 0, 5, 1, 0, 1, 10, 0, 0, 1, 0, 80));
        v4.readInbound();
        assertThat((Object) v4.readInbound()).isEqualTo(new Socks5Message.Command(1, "10.0.0.1", 80));
        v4.finishAndReleaseAll();
        EmbeddedChannel v6 = new EmbeddedChannel(new Socks5ServerDecoder());
        v6.writeInbound(bytes(5, 1, 0, 5, 1, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 80));
        v6.readInbound();
        assertThat((Object) v6.readInbound()).isEqualTo(new Socks5Message.Command(1, "::1", 80));
        v6.finishAndReleaseAll();
    }

    @Test
    void should_report_hostile_input_as_malformed_with_the_right_reply() {
        assertThat(decodeAfterGreeting(5, 1, 0, 9, 1, 2, 3, 4)).isEqualTo(new Socks5Message.Malformed("unknown SOCKS5 address type 9", 8));
        assertThat(decodeAfterGreeting(5, 1, 0, 3, 0, 0, 80)).isEqualTo(new Socks5Message.Malformed("empty SOCKS5 domain name", 1));
        assertThat(decodeAfterGreeting(4, 1, 0, 1, 1, 2, 3, 4)).isInstanceOf(Socks5Message.Malformed.class);
        EmbeddedChannel wrongVersion = new EmbeddedChannel(new Socks5ServerDecoder());
        wrongVersion.writeInbound(bytes(4, 1, 0));
        assertThat((Object) wrongVersion.readInbound()).isInstanceOf(Socks5Message.Malformed.class);
        wrongVersion.writeInbound(bytes(5, 1, 0));
        assertThat((Object) wrongVersion.readInbound()).isNull();
        wrongVersion.finishAndReleaseAll();
        EmbeddedChannel noMethods = new EmbeddedChannel(new Socks5ServerDecoder());
        noMethods.writeInbound(bytes(5, 0));
        assertThat((Object) noMethods.readInbound()).isInstanceOf(Socks5Message.Malformed.class);
        noMethods.finishAndReleaseAll();
    }

    @Test
    void should_wait_on_absurd_but_legal_lengths_without_emitting() {
        EmbeddedChannel ch = new EmbeddedChannel(new Socks5ServerDecoder());
        ch.writeInbound(bytes(5, 255));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[200]));
        assertThat((Object) ch.readInbound()).isNull();
        ch.finishAndReleaseAll();
    }

    private static Object decodeAfterGreeting(int... command) {
        EmbeddedChannel ch = new EmbeddedChannel(new Socks5ServerDecoder());
        ch.writeInbound(bytes(5, 1, 0));
        ch.readInbound();
        ch.writeInbound(bytes(command));
        Object msg = ch.readInbound();
        ch.finishAndReleaseAll();
        return msg;
    }

    @Test
    void should_answer_wrong_password_no_method_and_bind_in_the_socks5_front() {
        TestPool pool = new TestPool();
        pool.put(9, new Upstream(UpstreamScheme.SOCKS5, "127.0.0.1", 1, null, null));
        Transport transport = TestTransports.nio(1);
        try {
            RelayInitializerFactory init = new RelayInitializerFactory(pool, new TestAccess(),
                    RelaySettings.defaults("n"), transport, null, new ConnectionRegistry()).forPort(9);

            EmbeddedChannel wrong = new EmbeddedChannel(init);
            wrong.writeInbound(bytes(5, 1, 2));
            wrong.writeInbound(bytes(1, 5, 'a', 'l', 'i', 'c', 'e', 1, 'x'));
            assertThat(drain(wrong)).containsExactly(5, 2, 1, 1);
            assertThat(wrong.isOpen()).isFalse();
            wrong.finishAndReleaseAll();

            EmbeddedChannel noMethod = new EmbeddedChannel(init);
            noMethod.writeInbound(bytes(5, 1, 0x80));
            assertThat(drain(noMethod)).containsExactly(5, 0xFF);
            assertThat(noMethod.isOpen()).isFalse();
            noMethod.finishAndReleaseAll();

            EmbeddedChannel bind = new EmbeddedChannel(init);
            bind.writeInbound(bytes(5, 1, 2));
            bind.writeInbound(Unpooled.copiedBuffer("\u0001\u0005alice\u0006wonder", StandardCharsets.ISO_8859_1));
            bind.writeInbound(bytes(5, 2, 0, 1, 1, 2, 3, 4, 0, 80));
            assertThat(drain(bind)).containsExactly(5, 2, 1, 0, 5, 7, 0, 1, 0, 0, 0, 0, 0, 0);
            assertThat(bind.isOpen()).isFalse();
            bind.finishAndReleaseAll();

            EmbeddedChannel badType = new EmbeddedChannel(init);
            badType.writeInbound(bytes(5, 1, 2));
            badType.writeInbound(Unpooled.copiedBuffer("\u0001\u0005alice\u0006wonder", StandardCharsets.ISO_8859_1));
            badType.writeInbound(bytes(5, 1, 0, 7, 1, 2));
            assertThat(drain(badType)).containsExactly(5, 2, 1, 0, 5, 8, 0, 1, 0, 0, 0, 0, 0, 0);
            badType.finishAndReleaseAll();
        } finally {
            transport.close();
        }
    }
}
