package io.netty.channel.uring;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/** A client channel's handler for the io_uring tests: every read as ASCII text, in order, and when the channel closed. */
final class ReceivedText extends ChannelInboundHandlerAdapter {
    final BlockingQueue<String> reads = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reads.add(((ByteBuf) msg).toString(StandardCharsets.US_ASCII));
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed.complete(null);
    }

    /** Everything read so far, joined. */
    String all() {
        return String.join("", reads);
    }
}
