package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which loops the settings choose, and that each kind's loops and sockets carry bytes (real sockets on loopback). */
class TransportTest {

    @Test
    void theSettingsDecideTheKindAsFarAsTheKernelAllows() {
        assertThat(Transport.Kind.choose(false, true)).as("native off: NIO, io_uring allowed or not")
                .isEqualTo(Transport.Kind.NIO);
        assertThat(Transport.Kind.choose(true, false))
                .isEqualTo(Epoll.isAvailable() ? Transport.Kind.EPOLL : Transport.Kind.NIO);
        assertThat(Transport.Kind.choose(true, true)).isEqualTo(IoUring.isAvailable() ? Transport.Kind.IO_URING
                : Epoll.isAvailable() ? Transport.Kind.EPOLL : Transport.Kind.NIO);
    }

    @Test
    void theStartUpLineNamesTheKindTheLoopsAndWhyNotIoUring() {
        try (Transport nio = new Transport(Transport.Kind.NIO, 3, 0)) {
            String line = nio.describe(false);
            assertThat(line).isEqualTo("nio, 3 loops");
            if (IoUring.isAvailable()) {
                assertThat(nio.describe(true)).as("io_uring was there, only not chosen").isEqualTo(line);
            } else {
                assertThat(nio.describe(true)).startsWith(line + " (io_uring unavailable: ");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.Kind.class)
    void eachKindsLoopsAcceptConnectAndCarryBytes(Transport.Kind kind) throws Exception {
        assumeOffered(kind);
        try (Transport transport = new Transport(kind, 1, 0)) {
            Channel server = echoServer(transport).channel(transport.serverChannelClass())
                    .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
            echoThrough(transport, server);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.Kind.class)
    void eachKindTakesOverASocketThatListenedBeforeItsLoopsExisted(Transport.Kind kind) throws Exception {
        assumeOffered(kind);
        RawListener early = RawListener.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), kind);
        assertThat(early.kind()).isEqualTo(kind);
        try (Transport transport = new Transport(kind, 1, 0)) {
            Channel server = echoServer(transport).channelFactory(early::newChannel).register().sync().channel();
            assertThat(server.isActive()).as("listening already, no bind").isTrue();
            echoThrough(transport, server);
        }
    }

    private static void assumeOffered(Transport.Kind kind) {
        assumeTrue(kind != Transport.Kind.IO_URING || IoUring.isAvailable(), "io_uring not offered by this kernel");
        assumeTrue(kind != Transport.Kind.EPOLL || Epoll.isAvailable(), "epoll not offered here");
    }

    private static ServerBootstrap echoServer(Transport transport) {
        return new ServerBootstrap().group(transport.bossGroup(), transport.childGroup())
                .childHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ctx.writeAndFlush(msg); // echo
                    }
                });
    }

    /** Connects to {@code server} with the transport's client sockets, sends "hello", expects it back; closes both. */
    private static void echoThrough(Transport transport, Channel server) throws Exception {
        CompletableFuture<String> echoed = new CompletableFuture<>();
        StringBuilder got = new StringBuilder();
        Channel client = new Bootstrap().group(transport.workerGroup())
                .channelFactory(transport.ipv4SocketChannelFactory())
                .handler(new SimpleChannelInboundHandler<ByteBuf>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                        got.append(msg.toString(StandardCharsets.US_ASCII));
                        if (got.length() >= 5) {
                            echoed.complete(got.toString());
                        }
                    }
                })
                .connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        ((InetSocketAddress) server.localAddress()).getPort())).sync().channel();
        try {
            assertThat(client).isInstanceOf(transport.socketChannelClass());
            client.writeAndFlush(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII));
            assertThat(echoed.get(5, TimeUnit.SECONDS)).isEqualTo("hello");
        } finally {
            client.close().sync();
            server.close().sync();
        }
    }
}
