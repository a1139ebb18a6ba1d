package io.proxysaas.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * First handler of a customer pipeline: counts the bytes on the customer's wire and keeps the
 * socket's two clocks with ONE timer — the handshake deadline (then {@link HandshakeTimeout#EVENT}
 * runs through the pipeline) and the idle timeout (no byte either way for that long closes the
 * socket). A short connection thus schedules one task and cancels it at close, instead of a
 * handshake timer plus Netty's idle handler re-arming per read and listening on every write.
 * It also marks the slot where traffic shaping goes: a shaper placed next to it sees the same bytes.
 */
final class ByteMeter extends ChannelDuplexHandler {

    static final String NAME = "meter";

    private final RelaySession session;
    private final long idleNanos;
    /** Handshake deadline (System.nanoTime); counts while {@link #handshakePending}. */
    private final long handshakeDue;
    private boolean handshakePending = true;
    private long lastIo;
    /** When the pending timer was due; a timer that fired means that moment passed on the loop's clock. */
    private long armedFor;
    private ScheduledFuture<?> timer;

    ByteMeter(RelaySession session, long handshakeNanos, long idleNanos) {
        this.session = session;
        this.idleNanos = idleNanos;
        this.lastIo = System.nanoTime();
        this.handshakeDue = lastIo + handshakeNanos;
    }

    /** One instance per socket; answering here skips Netty's per-add lookup of the {@code @Sharable} annotation. */
    @Override
    public boolean isSharable() {
        return false;
    }

    /** The client finished its handshake in time; only the idle clock runs on. */
    void handshakeDone() {
        handshakePending = false;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        arm(ctx, Math.min(handshakeDue - lastIo, idleNanos));
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long n = size(msg);
        if (n > 0) {
            session.addWireIn(n);
            lastIo = System.nanoTime();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        long n = size(msg);
        if (n > 0) {
            session.addWireOut(n);
            lastIo = System.nanoTime();
        }
        ctx.write(msg, promise);
    }

    private void arm(ChannelHandlerContext ctx, long delayNanos) {
        long delay = Math.max(0, delayNanos);
        armedFor = System.nanoTime() + delay;
        timer = ctx.executor().schedule(() -> check(ctx), delay, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void check(ChannelHandlerContext ctx) {
        timer = null;
        if (!ctx.channel().isOpen()) {
            return;
        }
        long now = Math.max(System.nanoTime(), armedFor);
        if (handshakePending && now - handshakeDue >= 0) {
            handshakePending = false;
            session.reason("handshake_timeout");
            ctx.pipeline().fireUserEventTriggered(HandshakeTimeout.EVENT);
            if (!ctx.channel().isOpen()) {
                return;
            }
        }
        long idleLeft = lastIo + idleNanos - now;
        if (idleLeft <= 0) {
            session.reason("idle_timeout");
            ctx.close();
            return;
        }
        arm(ctx, handshakePending ? Math.min(idleLeft, handshakeDue - now) : idleLeft);
    }

    private static long size(Object msg) {
        if (msg instanceof ByteBuf b) {
            return b.readableBytes();
        }
        return msg instanceof ByteBufHolder h ? h.content().readableBytes() : 0;
    }
}
