package io.proxysaas.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One half of a relay pair: bytes read here are written to the peer, with backpressure, counting the
 * payload, passing a half-close on, and closing the pair when either side goes away.
 * <p>
 * Two ways to read. Unshaped sockets (the common case) keep autoRead on: a read loop's chunks are
 * written to the peer and flushed once at its end, and reading stops only while the peer's outbound
 * buffer is above its high-water mark (resumed by its writability event) or a chunk waits for quota,
 * so a tunnel costs no epoll change and no write listener per chunk. A socket under a
 * {@link BandwidthShaper} reads explicitly, one chunk after the previous write completed, because
 * the shaper paces by holding back that read and that completion.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "relay";

    private final Channel peer;
    private final RelaySession session;
    private final boolean fromClient;
    /** Read one chunk per completed write (a shaper paces the pair), instead of autoRead. */
    private final boolean explicitReads;
    /** The handler of the other direction (it resumes this side's reading when its channel drains). */
    private RelayHandler partner;
    /** Chunks were written to the peer in this read loop and wait for its flush. */
    private boolean flushPending;
    /** A chunk read here waits for quota; closing the peer now would lose it. */
    private boolean chunkWaiting;
    /** What this side's end (inactive / input shutdown) must do once the waiting chunks went out. */
    private Runnable afterChunk;
    /** Chunks read while one waits for quota, in order (made when first needed: most tunnels never wait). */
    private java.util.ArrayDeque<ByteBuf> held;

    RelayHandler(Channel peer, RelaySession session, boolean fromClient, boolean explicitReads) {
        this.peer = peer;
        this.session = session;
        this.fromClient = fromClient;
        this.explicitReads = explicitReads;
    }

    /** One instance per socket; answering here skips Netty's per-add lookup of the {@code @Sharable} annotation. */
    @Override
    public boolean isSharable() {
        return false;
    }

    /**
     * Joins client and upstream: both pipelines end in a relay handler, then reading starts. Runs on
     * the event loop both channels share, so nothing is read while the handlers are added; auto-read
     * is only switched where it changes (each switch is an epoll_ctl).
     */
    static void join(RelaySession session, Channel client, Channel upstream) {
        boolean explicit = client.pipeline().get(BandwidthShaper.NAME) != null;
        if (explicit) {
            client.config().setAutoRead(false);
            upstream.config().setAutoRead(false);
        }
        RelayHandler down = new RelayHandler(client, session, false, explicit);
        RelayHandler up = new RelayHandler(upstream, session, true, explicit);
        down.partner = up;
        up.partner = down;
        upstream.pipeline().addLast(NAME, down);
        client.pipeline().addLast(NAME, up);
        if (explicit) {
            client.read();
            upstream.read();
        } else {
            readOn(client);
            readOn(upstream);
        }
    }

    /** Auto-read on again, except on a socket whose input already ended (Netty 4.2 closes it at the next read). */
    private static void readOn(Channel ch) {
        if (!(ch instanceof SocketChannel s && s.isInputShutdown())) {
            ch.config().setAutoRead(true);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf) || !peer.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (chunkWaiting) {
            // Netty reads on past autoRead=false once the peer half-closed (EPOLLRDHUP): keep the order
            if (held == null) {
                held = new java.util.ArrayDeque<>();
            }
            held.add(buf);
            return;
        }
        if (BudgetGate.covers(session, buf.readableBytes())) {
            forward(ctx, buf); // the common case: no quota, or this node's lease covers it
            return;
        }
        chunkWaiting = true;
        ctx.channel().config().setAutoRead(false); // nothing more until this chunk is paid for
        flushPeer();
        BudgetGate.pass(session, ctx.channel(), buf, buf.readableBytes(), () -> {
            chunkWaiting = false;
            forward(ctx, buf);
            ByteBuf next;
            while (!chunkWaiting && held != null && (next = held.poll()) != null) {
                channelRead(ctx, next);
            }
            if (chunkWaiting) {
                return; // a held chunk waits for quota in its turn (and flushed what went before it)
            }
            flushPeer();
            resumeReading(ctx.channel());
            Runnable end = afterChunk;
            afterChunk = null;
            if (end != null) {
                end.run();
            }
        });
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!explicitReads) {
            flushPeer();
            if (!peer.isWritable() && peer.isActive()) {
                ctx.channel().config().setAutoRead(false); // the peer drains slower than we read: wait for it
            }
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!explicitReads && ctx.channel().isWritable() && partner != null) {
            partner.resumeReading(peer); // this channel drained: its source may be read again
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Unshaped reading goes on when nothing holds it back (quota wait, the peer's full buffer). */
    private void resumeReading(Channel own) {
        if (!explicitReads && !chunkWaiting && peer.isWritable() && own.isActive()) {
            own.config().setAutoRead(true);
        }
    }

    private void flushPeer() {
        if (flushPending) {
            flushPending = false;
            peer.flush();
        }
    }

    /** Runs {@code end} now, or after the chunks waiting for quota were written (writes keep their order). */
    private void whenChunkOut(Runnable end) {
        if (chunkWaiting) {
            afterChunk = end;
        } else {
            end.run();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (held != null) {
            held.forEach(ByteBuf::release);
            held.clear();
        }
    }

    private void forward(ChannelHandlerContext ctx, ByteBuf buf) {
        if (!peer.isActive()) {
            buf.release();
            return;
        }
        if (fromClient) {
            session.addPayloadIn(buf.readableBytes());
        } else {
            session.addPayloadOut(buf.readableBytes());
        }
        if (!explicitReads) {
            // a failed write raises exceptionCaught in the peer's pipeline, whose handler closes the pair
            peer.write(buf, peer.voidPromise());
            flushPending = true;
            return;
        }
        peer.writeAndFlush(buf).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                ctx.channel().read();
            } else {
                session.reason(fromClient ? "upstream_error" : "client_error");
                ctx.channel().close();
                f.channel().close();
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            session.reason(fromClient ? "client_closed" : "upstream_closed");
            // its input is over: without half-closure Netty stops reading it here, instead of a second read of
            // the EOF, a re-armed EPOLLIN and the wake-up that clears it again (3 epoll_ctl and a recvfrom a tunnel)
            ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
            whenChunkOut(() -> passHalfClose(ctx));
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    private void passHalfClose(ChannelHandlerContext ctx) {
        boolean ownOutputDone = ctx.channel() instanceof SocketChannel s && s.isOutputShutdown();
        if (ownOutputDone || !(peer instanceof SocketChannel)) {
            closeOnFlush(peer);
            ctx.channel().close();
        } else if (nothingPending(peer)) {
            shutOutput((SocketChannel) peer);
        } else {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    shutOutput((SocketChannel) peer);
                } else {
                    peer.close();
                }
            });
        }
    }

    /**
     * Passes the end of one direction on. Once a socket's output is shut, the end of its input ends
     * the pair, so its EOF may simply close it: without half-closure Netty closes at once instead of
     * a shutdown(SHUT_RD) that fails with ENOTCONN on a socket already closed both ways (an exception
     * with a stack trace per tunnel) and an input-shutdown event that would close it anyway.
     */
    private static void shutOutput(SocketChannel ch) {
        if (nativeSocket(ch) instanceof Socket socket) {
            // epoll, io_uring: the FIN straight from the socket, nothing being pending on it (io_uring keeps a
            // send in flight in the outbound buffer until it completes). Netty's shutdownOutput builds a
            // ChannelOutputShutdownException (stack trace) and reads SO_LINGER every time, for pending writes
            // and listeners a relay pair does not have.
            try {
                socket.shutdown(false, true);
            } catch (IOException e) {
                ch.close();
                return;
            }
            afterOutputShut(ch);
            return;
        }
        // other transports: Netty's path, as a task so the exception's stack trace is a dozen frames
        // rather than the ~45 at the bottom of the read that saw the EOF. Same loop, same order.
        ch.eventLoop().execute(() -> ch.shutdownOutput().addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                afterOutputShut(ch);
            } else {
                ch.close();
            }
        }));
    }

    private static FileDescriptor nativeSocket(SocketChannel ch) {
        return ch instanceof UnixChannel unix ? unix.fd() : null;
    }

    private static void afterOutputShut(SocketChannel ch) {
        if (ch.isInputShutdown()) {
            // both ways ended (its own EOF came first, or while the shutdown waited as a task): no further
            // event would close it
            ch.close();
        } else {
            ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.reason(fromClient ? "client_closed" : "upstream_closed");
        whenChunkOut(() -> closeOnFlush(peer));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        session.reason(fromClient ? "client_error" : "upstream_error");
        ctx.close();
        closeOnFlush(peer);
    }

    /** Closes {@code ch} once what was written to it went out (at once when nothing waits: no empty write). */
    static void closeOnFlush(Channel ch) {
        closeOnFlush(ch, 0);
    }

    /**
     * As {@link #closeOnFlush(Channel)}, and with {@code boundNanos > 0} closed anyway after that long when
     * its reader does not take what waits: the client of a pair is gone, its last bytes still go to the
     * upstream (io_uring sends them asynchronously, so they may still be in flight when the client's EOF
     * arrives), but no longer than the bound.
     */
    static void closeOnFlush(Channel ch, long boundNanos) {
        if (ch.isActive() && !nothingPending(ch)) {
            if (boundNanos > 0) {
                ScheduledFuture<?> hardClose = ch.eventLoop().schedule(() -> ch.close(), boundNanos, TimeUnit.NANOSECONDS);
                ch.closeFuture().addListener(f -> hardClose.cancel(false));
            }
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else if (ch.isOpen()) {
            // both halves of a pair close each other: Netty builds a ClosedChannelException (with its
            // one-frame stack trace) for every close call, also on a channel already closed
            ch.close();
        }
    }

    /** True when no written byte of {@code ch} waits to go out; only meaningful on its event loop. */
    private static boolean nothingPending(Channel ch) {
        if (!ch.eventLoop().inEventLoop()) {
            return false;
        }
        ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
        return out == null || out.totalPendingWriteBytes() == 0 && out.isEmpty();
    }
}
