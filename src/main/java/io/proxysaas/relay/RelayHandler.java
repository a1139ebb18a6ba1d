package io.proxysaas.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * One half of a relay pair: bytes read here are written to the peer, and the next read is asked
 * for only once that write succeeded, so a slow reader stops the other side (backpressure).
 * Counts the payload, passes a half-close on, and closes the pair when either side goes away.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "relay";

    private final Channel peer;
    private final RelaySession session;
    private final boolean fromClient;
    /** A chunk read here waits for quota; closing the peer now would lose it. */
    private boolean chunkWaiting;
    /** What this side's end (inactive / input shutdown) must do once the waiting chunks went out. */
    private Runnable afterChunk;
    /** Chunks read while one waits for quota, in order (made when first needed: most tunnels never wait). */
    private java.util.ArrayDeque<ByteBuf> held;

    RelayHandler(Channel peer, RelaySession session, boolean fromClient) {
        this.peer = peer;
        this.session = session;
        this.fromClient = fromClient;
    }

    /** Joins client and upstream: both pipelines end in a relay handler, then reading starts. */
    static void join(RelaySession session, Channel client, Channel upstream) {
        client.config().setAutoRead(false);
        upstream.config().setAutoRead(false);
        upstream.pipeline().addLast(NAME, new RelayHandler(client, session, false));
        client.pipeline().addLast(NAME, new RelayHandler(upstream, session, true));
        client.read();
        upstream.read();
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
        BudgetGate.pass(session, ctx.channel(), buf, buf.readableBytes(), () -> {
            chunkWaiting = false;
            forward(ctx, buf);
            ByteBuf next = held == null ? null : held.poll();
            if (next != null) {
                channelRead(ctx, next);
                return;
            }
            Runnable end = afterChunk;
            afterChunk = null;
            if (end != null) {
                end.run();
            }
        });
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
        // Netty's shutdownOutput always builds a ChannelOutputShutdownException, whose stack trace costs
        // in proportion to the stack's depth: run it as a task (a dozen frames) rather than at the bottom
        // of the read that saw the EOF (~45 frames). Same loop, same order: nothing is pending on ch.
        ch.eventLoop().execute(() -> shutOutputNow(ch));
    }

    private static void shutOutputNow(SocketChannel ch) {
        ch.shutdownOutput().addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess() || ch.isInputShutdown()) {
                // Both ways ended: its own EOF came while this shutdown waited as a task (both ends
                // closed in the same loop turn), so no further event would close it. Close the pair.
                ch.close();
            } else {
                ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
            }
        });
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
        if (ch.isActive() && !nothingPending(ch)) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
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
