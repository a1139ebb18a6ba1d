package io.netty.channel.uring;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.proxysaas.relay.ForwardingIoHandler;

/**
 * Netty's io_uring handler without the {@code POLLRDHUP} watch that its stream channels arm on every
 * socket when it becomes active (and cancel again at close): two submissions per socket, four per
 * relayed tunnel, of the ~22 a short tunnel costs. The watch only tells a channel early that its peer
 * has shut down while nobody reads; the relay always has a receive or a {@code POLLIN} poll
 * outstanding, except while it holds reading back for backpressure, and then the end of the input is
 * seen as an end-of-file by the next receive, after the bytes before it — which a relay must deliver
 * anyway. Idle tunnels are closed by the relay's idle timeout either way.
 *
 * <p>The filter sits on the registration, the one place every operation of a channel passes: a
 * dropped submission answers 0 ("not submitted"), which Netty's channel treats as no watch scheduled,
 * so it neither waits for it nor cancels it. It lives in Netty's package because the operation's
 * fields are package-private there. Measured with {@code bench/run} (docs/PERFORMANCE.md, section
 * 2026-11-28 11:20-13:40): io_uring submissions 22.2 -> 20.0 per 50-concurrent tunnel, CPU x0.97.
 * Re-check after a Netty upgrade ({@code RdHupFreeIoHandlersTest}).
 */
public final class RdHupFreeIoHandlers {

    private RdHupFreeIoHandlers() {
    }

    /** Netty's default io_uring handler factory, its registrations filtered. */
    public static IoHandlerFactory newFactory() {
        return filtering(IoUringIoHandler.newFactory());
    }

    static IoHandlerFactory filtering(IoHandlerFactory delegate) {
        return ForwardingIoHandler.wrapping(delegate, Handler::new);
    }

    /** True for the operation this class keeps out of the ring: a one-shot poll for {@code POLLRDHUP} alone. */
    static boolean isRdHupWatch(IoOps ops) {
        return ops instanceof IoUringIoOps op
                && op.opcode() == Native.IORING_OP_POLL_ADD
                && op.union3() == Native.POLLRDHUP;
    }

    static final class Filter implements IoRegistration {
        private final IoRegistration delegate;

        Filter(IoRegistration delegate) {
            this.delegate = delegate;
        }

        @Override
        public <T> T attachment() {
            return delegate.attachment();
        }

        @Override
        public long submit(IoOps ops) {
            return isRdHupWatch(ops) ? 0 : delegate.submit(ops);
        }

        @Override
        public boolean isValid() {
            return delegate.isValid();
        }

        @Override
        public boolean cancel() {
            return delegate.cancel();
        }
    }

    private static final class Handler extends ForwardingIoHandler {
        Handler(IoHandler delegate) {
            super(delegate);
        }

        @Override
        public IoRegistration register(IoHandle handle) throws Exception {
            return new Filter(delegate.register(handle));
        }
    }
}
