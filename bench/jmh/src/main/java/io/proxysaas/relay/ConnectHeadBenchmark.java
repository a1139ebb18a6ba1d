package io.proxysaas.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A tunnel's one HTTP head, as curl sends it, read two ways on a fresh channel each time (as each
 * customer socket is): Netty's {@code HttpServerCodec} (the relay's path before 2026-11-27, still
 * taken by every non-CONNECT head) and {@link ConnectHead} (the path of a plain CONNECT now). Both
 * pay the same channel creation ({@link #channelOnly()} measures it alone); the difference is the
 * codec's handler pair, its buffers and its header parsing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConnectHeadBenchmark {

    private static final int MAX = 8192;
    private ByteBuf head;

    /** What a ProtocolSniffer does with a complete head, on its own. */
    private static final class FastHead extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            Object parsed = ConnectHead.parse(in, MAX);
            if (parsed instanceof ConnectHead.Parsed p) {
                in.skipBytes(p.length());
                out.add(p.toRequest());
            }
        }
    }

    @Setup
    public void setUp() {
        head = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes((
                "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nUser-Agent: curl/7.88.1\r\n"
                        + "Proxy-Authorization: Basic YmVuY2g6YmVuY2hwYXNzLWdhdGV3YXk=\r\nProxy-Connection: Keep-Alive\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
    }

    @TearDown
    public void tearDown() {
        head = null;
    }

    @Benchmark
    public Object httpServerCodec() {
        return read(new EmbeddedChannel(new HttpServerCodec(MAX, MAX, 16 * 1024)));
    }

    @Benchmark
    public Object connectHead() {
        return read(new EmbeddedChannel(new FastHead()));
    }

    /** The channel alone (the head passes through unread): what both of the above pay besides reading the head. */
    @Benchmark
    public Object channelOnly() {
        EmbeddedChannel ch = new EmbeddedChannel(new io.netty.channel.ChannelInboundHandlerAdapter());
        ch.writeInbound(head.duplicate());
        Object passed = ch.readInbound();
        ch.finishAndReleaseAll();
        return passed;
    }

    private Object read(EmbeddedChannel ch) {
        ch.writeInbound(head.duplicate());
        HttpRequest request = ch.readInbound();
        String auth = request.headers().get("Proxy-Authorization");
        for (Object more; (more = ch.readInbound()) != null; ) {
            ReferenceCountUtil.release(more); // the codec's empty last content
        }
        ch.finishAndReleaseAll();
        return auth;
    }
}
