package io.proxysaas.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts the bytes on a customer's wire, first handler of the pipeline. It marks the slot where
 * per-socket and per-customer traffic shaping goes: a shaper placed next to it sees the same bytes.
 */
@Sharable
final class ByteMeter extends ChannelDuplexHandler {

    static final String NAME = "meter";
    static final ByteMeter INSTANCE = new ByteMeter();

    private ByteMeter() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        RelaySession session = RelaySession.of(ctx.channel());
        if (session != null) {
            session.addWireIn(size(msg));
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        RelaySession session = RelaySession.of(ctx.channel());
        if (session != null) {
            session.addWireOut(size(msg));
        }
        ctx.write(msg, promise);
    }

    private static long size(Object msg) {
        if (msg instanceof ByteBuf b) {
            return b.readableBytes();
        }
        return msg instanceof ByteBufHolder h ? h.content().readableBytes() : 0;
    }
}
