package io.proxysaas.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.proxysaas.access.Admission;
import io.proxysaas.access.Credentials;
import io.proxysaas.access.RefusalReason;
import io.proxysaas.access.RefusalReason.Socks5Reply;
import io.proxysaas.pool.PoolEntry;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * The SOCKS5 side of a customer socket: picks the auth method (username/password preferred,
 * no-auth for whitelisted IPs), admits the customer without blocking the event loop (input paused
 * while an admission is pending, an early request held), opens the upstream tunnel and only then
 * answers success and joins the relay pair. Input is not paused for an admission answered at once
 * or for the upstream connect (each pause costs two epoll changes): payload sent early waits in
 * {@link Socks5ServerDecoder}, which pauses reading itself, and an early end of the client's output
 * is passed into the tunnel after it.
 */
final class Socks5FrontendHandler extends SimpleChannelInboundHandler<Socks5Message> {

    static final String NAME = "socks5-frontend";

    private final RelaySession session;
    /** Messages decoded while an admission is pending (a client that sends its request early). */
    private final ArrayDeque<Socks5Message> held = new ArrayDeque<>();
    private Admission admission;
    private boolean waiting;
    private boolean refused;
    /** The request was accepted for admission and connect; the relay is not joined yet. */
    private boolean connecting;
    /** The client ended its output while {@link #connecting}: passed on once the tunnel is joined. */
    private boolean inputShutdown;

    Socks5FrontendHandler(RelaySession session) {
        this.session = session;
        session.protocol("socks5");
    }

    /** One instance per socket; answering here skips Netty's per-add lookup of the {@code @Sharable} annotation. */
    @Override
    public boolean isSharable() {
        return false;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Socks5Message msg) {
        if (waiting) {
            held.add(msg);
            return;
        }
        if (refused) {
            return;
        }
        if (msg instanceof Socks5Message.Greeting g) {
            greeting(ctx, g);
        } else if (msg instanceof Socks5Message.PasswordAuth a) {
            auth(ctx, a);
        } else if (msg instanceof Socks5Message.Command c) {
            command(ctx, c);
        } else if (msg instanceof Socks5Message.Malformed m) {
            session.reason("bad_request");
            if (m.reply() >= 0) {
                replyAndClose(ctx, (byte) m.reply());
            } else {
                ctx.close();
            }
        }
    }

    /** Handles what arrived while the admission was pending, in order, until the next wait. */
    private void replayHeld(ChannelHandlerContext ctx) {
        while (!waiting && !held.isEmpty()) {
            channelRead0(ctx, held.poll());
        }
    }

    private void greeting(ChannelHandlerContext ctx, Socks5Message.Greeting g) {
        if (g.offers(0x02)) {
            ctx.writeAndFlush(ctx.alloc().buffer(2).writeByte(5).writeByte(0x02));
        } else if (g.offers(0x00)) {
            ctx.writeAndFlush(ctx.alloc().buffer(2).writeByte(5).writeByte(0x00));
        } else {
            session.reason("bad_request");
            ctx.writeAndFlush(ctx.alloc().buffer(2).writeByte(5).writeByte(0xFF)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void auth(ChannelHandlerContext ctx, Socks5Message.PasswordAuth a) {
        // a request sent early is held (see channelRead0); input pauses only if the answer is not at hand
        waiting = true;
        AsyncAdmission.admit(session, new Credentials(a.username(), a.password()), result -> {
            waiting = false;
            authAnswered(ctx, result);
        });
        if (waiting) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void authAnswered(ChannelHandlerContext ctx, Admission result) {
        admission = result;
        if (result instanceof Admission.Refusal r && r.reason().httpStatus() == 407) {
            refused = true;
            held.clear();
            session.reason("refused:" + r.reason().code());
            ctx.writeAndFlush(ctx.alloc().buffer(2).writeByte(1).writeByte(1)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(ctx.alloc().buffer(2).writeByte(1).writeByte(0));
        if (held.isEmpty()) {
            ctx.channel().config().setAutoRead(true);
        } else {
            replayHeld(ctx);
        }
    }

    private void command(ChannelHandlerContext ctx, Socks5Message.Command c) {
        session.handshakeDone();
        session.target(HostPort.format(c.host(), c.port()));
        if (c.command() != 1) {
            session.reason("bad_request");
            replyAndClose(ctx, Socks5Reply.COMMAND_NOT_SUPPORTED);
            return;
        }
        connecting = true;
        if (admission != null) {
            admitted(ctx, c);
            return;
        }
        waiting = true;
        AsyncAdmission.admit(session, Credentials.NONE, result -> {
            waiting = false;
            admission = result;
            admitted(ctx, c);
        });
    }

    private void admitted(ChannelHandlerContext ctx, Socks5Message.Command c) {
        if (admission instanceof Admission.Refusal r) {
            session.reason("refused:" + r.reason().code());
            replyAndClose(ctx, r.reason().socksReply());
            return;
        }
        Optional<PoolEntry> entry = session.services().pool().entry(session.port());
        if (entry.isEmpty()) {
            session.reason("refused:" + RefusalReason.NO_UPSTREAM.code());
            replyAndClose(ctx, RefusalReason.NO_UPSTREAM.socksReply());
            return;
        }
        session.upstream(entry.get().upstream().display());
        Channel client = ctx.channel();
        session.services().connector().open(client, session.port(), entry.get().upstream(), c.host(), c.port(), true,
                        session.takeEarly())
                .addListener(f -> {
                    connecting = false;
                    if (!f.isSuccess()) {
                        UpstreamFailure failure = (UpstreamFailure) f.cause();
                        session.reason(failure.closeReason());
                        replyAndClose(ctx, failure.clientSocksReply());
                        return;
                    }
                    Channel upstream = (Channel) f.getNow();
                    if (!client.isActive()) {
                        upstream.close();
                        return;
                    }
                    session.upstreamChannel(upstream);
                    client.writeAndFlush(reply(ctx, Socks5Reply.SUCCEEDED));
                    RelayHandler.join(session, client, upstream);
                    ctx.pipeline().remove(this);
                    ctx.pipeline().remove(Socks5ServerDecoder.NAME); // hands on the payload sent early
                    if (inputShutdown) {
                        client.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE); // after it
                    }
                });
    }

    private static ByteBuf reply(ChannelHandlerContext ctx, byte code) {
        return ctx.alloc().buffer(10).writeByte(5).writeByte(code).writeByte(0).writeByte(1).writeInt(0).writeShort(0);
    }

    private void replyAndClose(ChannelHandlerContext ctx, byte code) {
        ctx.writeAndFlush(reply(ctx, code)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == HandshakeTimeout.EVENT) {
            ctx.close();
            return;
        }
        if (evt instanceof ChannelInputShutdownEvent) {
            if (connecting) {
                inputShutdown = true; // the request is complete: the tunnel carries the end on (half-close)
                return;
            }
            // Gone mid-handshake (half-closure is allowed for tunnels): nothing more can come.
            session.reason("client_closed");
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        session.reason("client_error");
        ctx.close();
    }
}
