package io.proxysaas.relay;

import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a chunk through only when the socket's {@link ByteBudget} covers it. While more is asked for,
 * the socket reads nothing (autoRead is switched off and no read() is called); the answer is handled on the
 * channel's event loop. When the quota is used up the chunk is dropped and released, the socket closes
 * with reason {@code quota_exceeded}, and so do the customer's other sockets on this node.
 */
final class BudgetGate {

    static final String QUOTA_EXCEEDED = "quota_exceeded";
    private static final Logger LOG = LoggerFactory.getLogger(BudgetGate.class);

    private BudgetGate() {
    }

    /** True when {@code bytes} may pass at once (no quota, or taken from the local lease now). */
    static boolean covers(RelaySession session, long bytes) {
        ByteBudget budget = session.budget();
        return budget == null || bytes <= 0 || budget.take(bytes);
    }

    /** Runs {@code forward} (on {@code channel}'s event loop) once {@code bytes} are covered; otherwise drops {@code msg}. */
    static void pass(RelaySession session, Channel channel, Object msg, long bytes, Runnable forward) {
        ByteBudget budget = session.budget();
        if (budget == null || bytes <= 0 || budget.take(bytes)) {
            forward.run();
            return;
        }
        budget.refill(bytes).whenComplete((granted, error) -> channel.eventLoop().execute(() -> {
            if (error == null && Boolean.TRUE.equals(granted)) {
                pass(session, channel, msg, bytes, forward);
                return;
            }
            ReferenceCountUtil.release(msg);
            if (error != null) {
                LOG.warn("quota ledger unavailable for {}: closing the socket on port {}", session.username(),
                        session.port(), error);
                session.close("quota_unavailable");
                return;
            }
            session.close(QUOTA_EXCEEDED);
            session.services().registry().closeCustomer(session.username(), QUOTA_EXCEEDED);
        }));
    }
}
