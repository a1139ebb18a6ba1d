package io.proxysaas.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.Promise;
import io.proxysaas.pool.Upstream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Asks an HTTP upstream for a tunnel ({@code CONNECT host:port} with Basic auth) and reads its
 * answer head (bounded); on 2xx it leaves the pipeline, handing any early bytes to the relay.
 */
final class HttpConnectUpstreamHandshake extends ByteToMessageDecoder {

    private static final int MAX_HEAD = 8192;
    /** The Basic header of an upstream, encoded once per pool line rather than once per tunnel. */
    private static final PerUpstream<String> AUTH_HEADERS =
            new PerUpstream<>(16_384, u -> BasicAuth.header(u.username(), u.password()));

    private final Upstream upstream;
    private final String host;
    private final int port;
    private final Promise<Channel> promise;
    private boolean asked;

    HttpConnectUpstreamHandshake(Upstream upstream, String host, int port, Promise<Channel> promise) {
        this.upstream = upstream;
        this.host = host;
        this.port = port;
        this.promise = promise;
    }

    /** One instance per socket; answering here skips Netty's per-add lookup of the {@code @Sharable} annotation. */
    @Override
    public boolean isSharable() {
        return false;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        if (ctx.channel().isActive()) {
            ask(ctx); // a connection made at accept, already up
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ask(ctx);
        super.channelActive(ctx);
    }

    private void ask(ChannelHandlerContext ctx) {
        if (asked) {
            return;
        }
        asked = true;
        String authority = HostPort.format(host, port);
        StringBuilder req = new StringBuilder(128)
                .append("CONNECT ").append(authority).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n");
        if (upstream.hasAuth()) {
            req.append("Proxy-Authorization: ").append(AUTH_HEADERS.get(upstream)).append("\r\n");
        }
        req.append("\r\n");
        ctx.writeAndFlush(ByteBufUtil.writeAscii(ctx.alloc(), req));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (promise.isDone()) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int end = HeadEnd.find(in, in.readerIndex(), in.writerIndex());
        if (end < 0) {
            if (in.readableBytes() > MAX_HEAD) {
                fail(ctx, new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, upstream.display() + " sent an oversized answer"));
            }
            return;
        }
        int lineEnd = in.indexOf(in.readerIndex(), end + 1, (byte) '\r');
        String statusLine = in.toString(in.readerIndex(), lineEnd - in.readerIndex(), StandardCharsets.ISO_8859_1);
        in.readerIndex(end + 4);
        int status = statusOf(statusLine);
        if (status >= 200 && status < 300) {
            UpstreamHandshakes.succeed(ctx, promise);
            ctx.pipeline().remove(this);
        } else if (status == 407 || status == 401) {
            fail(ctx, new UpstreamFailure(UpstreamFailure.Kind.AUTH_FAILED,
                    upstream.display() + " refused our credentials (" + status + ")", status, -1, null));
        } else if (status > 0) {
            fail(ctx, new UpstreamFailure(UpstreamFailure.Kind.TARGET_REJECTED,
                    upstream.display() + " answered " + status + " for " + HostPort.format(host, port), status, -1, null));
        } else {
            fail(ctx, new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, upstream.display() + " is not an HTTP proxy"));
        }
    }

    /** The 3-digit status of {@code HTTP/x.y NNN reason}, else -1 (no split or regex: once per tunnel). */
    static int statusOf(String statusLine) {
        int sp = statusLine.indexOf(' ');
        if (sp < 0 || !statusLine.startsWith("HTTP/")) {
            return -1;
        }
        int end = statusLine.indexOf(' ', sp + 1);
        String code = statusLine.substring(sp + 1, end < 0 ? statusLine.length() : end);
        return code.length() == 3 ? HostPort.digits(code) : -1;
    }

    private void fail(ChannelHandlerContext ctx, UpstreamFailure failure) {
        promise.tryFailure(failure);
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, upstream.display() + ": " + cause.getMessage(), -1, -1, cause));
    }
}
