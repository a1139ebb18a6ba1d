package io.proxysaas.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.proxysaas.access.Admission;
import io.proxysaas.customer.Plan;
import java.util.concurrent.TimeUnit;

/**
 * Traffic shaping of one customer socket ({@code socket_bandwidth_bps} and the customer's shared
 * {@code bandwidth_bps}), next to the {@link ByteMeter}, by suspending reads, never by buffering.
 * Both directions charge the same budgets: bytes read from the customer delay the next read from
 * the customer; bytes written to the customer complete their write only once paid for, and the
 * relay reads the upstream again only after that completion, so the upstream read is what waits.
 * This relies on the relay's explicit reads (autoRead off once bytes are relayed), which Netty's
 * own traffic shaping handlers do not hold back.
 */
final class BandwidthShaper extends ChannelDuplexHandler {

    static final String NAME = "shaper";
    /** Shorter waits are not worth a timer; the debt stays in the budget and is paid next time. */
    private static final long MIN_WAIT_NANOS = 1_000_000;
    /** A reader back within this long after its wait ended counts from when it was due (it was late, not idle). */
    private static final long CATCH_UP_NANOS = 1_000_000_000L;

    private final BandwidthBudget socket;
    private final BandwidthBudget customer;
    private final Runnable onClose;
    private long readResumeAt;
    private boolean readWaiting;
    private long readDue;
    private long writeDue;

    BandwidthShaper(BandwidthBudget socket, BandwidthBudget customer, Runnable onClose) {
        this.socket = socket;
        this.customer = customer;
        this.onClose = onClose;
        this.readResumeAt = System.nanoTime();
    }

    /** Shapes the session's client channel when the plan limits bandwidth; call on its event loop. */
    static void install(RelaySession session, Admission.Grant grant, BandwidthShapers shapers) {
        Plan plan = grant.plan();
        if (plan.socketBandwidthBps() <= 0 && plan.bandwidthBps() <= 0 || !session.client().isOpen()) {
            return;
        }
        String user = grant.username();
        BandwidthBudget own = plan.socketBandwidthBps() > 0 ? new BandwidthBudget(plan.socketBandwidthBps()) : null;
        BandwidthBudget shared = plan.bandwidthBps() > 0 ? shapers.acquire(user, plan.bandwidthBps()) : null;
        Runnable release = shared == null ? () -> { } : () -> shapers.release(user);
        session.client().pipeline().addAfter(ByteMeter.NAME, NAME, new BandwidthShaper(own, shared, release));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().closeFuture().addListener(f -> onClose.run());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long n = size(msg);
        if (n > 0) {
            long now = System.nanoTime();
            long wait = charge(n, now, readDue);
            readDue = wait > MIN_WAIT_NANOS ? now + wait : 0;
            if (wait > MIN_WAIT_NANOS) {
                readResumeAt = now + wait;
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        long wait = readResumeAt - System.nanoTime();
        if (wait <= MIN_WAIT_NANOS) {
            ctx.read();
            return;
        }
        if (!readWaiting) {
            readWaiting = true;
            ctx.executor().schedule(() -> {
                readWaiting = false;
                read(ctx);
            }, wait, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        long n = size(msg);
        if (n == 0) {
            ctx.write(msg, promise);
            return;
        }
        long now = System.nanoTime();
        long wait = charge(n, now, writeDue);
        writeDue = wait > MIN_WAIT_NANOS ? now + wait : 0;
        if (wait <= MIN_WAIT_NANOS || promise.isVoid()) {
            ctx.write(msg, promise);
            return;
        }
        long paidAt = now + wait;
        ChannelPromise sent = ctx.newPromise();
        sent.addListener(f -> {
            if (!f.isSuccess()) {
                promise.tryFailure(f.cause());
                return;
            }
            long left = paidAt - System.nanoTime();
            if (left <= MIN_WAIT_NANOS) {
                promise.trySuccess();
            } else {
                ctx.executor().schedule(() -> promise.trySuccess(), left, TimeUnit.NANOSECONDS);
            }
        });
        ctx.write(msg, sent);
    }

    /** @param due when this direction's last wait ended (0: it was not held back) */
    private long charge(long n, long now, long due) {
        long from = due != 0 && now - due < CATCH_UP_NANOS ? due : now;
        long wait = socket == null ? 0 : socket.charge(n, now, from);
        return customer == null ? wait : Math.max(wait, customer.charge(n, now, from));
    }

    private static long size(Object msg) {
        if (msg instanceof ByteBuf b) {
            return b.readableBytes();
        }
        return msg instanceof ByteBufHolder h ? h.content().readableBytes() : 0;
    }
}
