package io.proxysaas.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Promise;
import io.proxysaas.pool.Upstream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Opens a tunnel through a SOCKS5 upstream (RFC 1928 CONNECT, RFC 1929 username/password when the
 * upstream has credentials); on success it leaves the pipeline, handing any early bytes to the relay.
 */
final class Socks5UpstreamHandshake extends ByteToMessageDecoder {

    private enum State { METHOD, AUTH, REPLY }

    private final Upstream upstream;
    private final String host;
    private final int port;
    private final Promise<Channel> promise;
    private State state = State.METHOD;
    private boolean greeted;

    Socks5UpstreamHandshake(Upstream upstream, String host, int port, Promise<Channel> promise) {
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
            greet(ctx); // a connection made at accept, already up
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        greet(ctx);
        super.channelActive(ctx);
    }

    private void greet(ChannelHandlerContext ctx) {
        if (greeted) {
            return;
        }
        greeted = true;
        ByteBuf greeting = ctx.alloc().buffer(4).writeByte(5);
        if (upstream.hasAuth()) {
            greeting.writeByte(2).writeByte(0x00).writeByte(0x02);
        } else {
            greeting.writeByte(1).writeByte(0x00);
        }
        ctx.writeAndFlush(greeting);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (promise.isDone()) {
            in.skipBytes(in.readableBytes());
            return;
        }
        switch (state) {
            case METHOD -> method(ctx, in);
            case AUTH -> auth(ctx, in);
            case REPLY -> reply(ctx, in);
            default -> throw new IllegalStateException();
        }
    }

    private void method(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < 2) {
            return;
        }
        int version = in.readUnsignedByte();
        int method = in.readUnsignedByte();
        if (version != 5) {
            fail(ctx, UpstreamFailure.Kind.PROTOCOL, "is not a SOCKS5 proxy", -1);
        } else if (method == 0x02 && upstream.hasAuth()) {
            byte[] user = upstream.username().getBytes(StandardCharsets.UTF_8);
            byte[] pass = (upstream.password() == null ? "" : upstream.password()).getBytes(StandardCharsets.UTF_8);
            ByteBuf auth = ctx.alloc().buffer(3 + user.length + pass.length).writeByte(1)
                    .writeByte(Math.min(255, user.length)).writeBytes(user, 0, Math.min(255, user.length))
                    .writeByte(Math.min(255, pass.length)).writeBytes(pass, 0, Math.min(255, pass.length));
            ctx.writeAndFlush(auth);
            state = State.AUTH;
        } else if (method == 0x00) {
            sendConnect(ctx);
        } else {
            fail(ctx, UpstreamFailure.Kind.AUTH_FAILED, "accepts none of our authentication methods", -1);
        }
    }

    private void auth(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < 2) {
            return;
        }
        in.skipBytes(1);
        if (in.readUnsignedByte() != 0) {
            fail(ctx, UpstreamFailure.Kind.AUTH_FAILED, "refused our credentials", -1);
        } else {
            sendConnect(ctx);
        }
    }

    private void sendConnect(ChannelHandlerContext ctx) {
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(host);
        byte[] name = host.getBytes(StandardCharsets.US_ASCII);
        ByteBuf req = ctx.alloc().buffer(7 + name.length).writeByte(5).writeByte(1).writeByte(0);
        if (ip != null) {
            req.writeByte(ip.length == 4 ? 1 : 4).writeBytes(ip);
        } else {
            req.writeByte(3).writeByte(name.length).writeBytes(name);
        }
        req.writeShort(port);
        ctx.writeAndFlush(req);
        state = State.REPLY;
    }

    private void reply(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < 5) {
            return;
        }
        int r = in.readerIndex();
        int rep = in.getUnsignedByte(r + 1);
        int length = switch (in.getUnsignedByte(r + 3)) {
            case 1 -> 4 + 4 + 2;
            case 4 -> 4 + 16 + 2;
            case 3 -> 4 + 1 + in.getUnsignedByte(r + 4) + 2;
            default -> -1;
        };
        if (in.getUnsignedByte(r) != 5 || length < 0) {
            fail(ctx, UpstreamFailure.Kind.PROTOCOL, "sent a malformed SOCKS5 reply", -1);
            return;
        }
        if (rep != 0) {
            fail(ctx, UpstreamFailure.Kind.TARGET_REJECTED, "answered SOCKS5 reply " + rep + " for "
                    + HostPort.format(host, port), rep);
            return;
        }
        if (in.readableBytes() < length) {
            return;
        }
        in.skipBytes(length);
        UpstreamHandshakes.succeed(ctx, promise);
        ctx.pipeline().remove(this);
    }

    private void fail(ChannelHandlerContext ctx, UpstreamFailure.Kind kind, String what, int socksReply) {
        promise.tryFailure(new UpstreamFailure(kind, upstream.display() + " " + what, -1, socksReply, null));
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        promise.tryFailure(new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL,
                upstream.display() + ": " + cause.getMessage(), -1, -1, cause));
        ctx.close();
    }
}
