package io.proxysaas.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import io.proxysaas.access.Admission;
import io.proxysaas.access.Credentials;
import io.proxysaas.access.RefusalReason;
import io.proxysaas.pool.PoolEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;

/**
 * The HTTP side of a customer socket, up to its first request: checks the head, reads the
 * customer's Basic credentials and admits the socket without blocking the event loop; a CONNECT
 * becomes a byte tunnel (200 only once the upstream tunnel is up), an absolute-URI request goes on
 * to {@link PlainHttpForwarder}.
 * <p>
 * What arrives before the socket's handler is in place is held and handed on in order, and so is an
 * end of the client's output (half-close). A CONNECT keeps reading through the admission and the
 * connect, so the common tunnel (the client waits for our 200) costs no epoll change; input pauses
 * only once something has to be held, which bounds what is held. A CONNECT head that needed the HTTP
 * codec removes it at once (what follows is the tunnel's, not HTTP). An absolute-URI request pauses
 * input until admitted, since the codec would decode its body or the next request meanwhile.
 */
final class HttpFrontendHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "http-frontend";
    static final String CODEC = "http-codec";

    /** Messages the codec had already decoded when the admission went asynchronous. */
    private static final int MAX_HELD = 64;

    /** What the codec made of a bare {@code 200 Connection established}, encoded once. */
    private static final ByteBuf ESTABLISHED = Unpooled.unreleasableBuffer(Unpooled.directBuffer(64)
            .writeBytes("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII))).asReadOnly();

    private final RelaySession session;
    private final ArrayDeque<Object> held = new ArrayDeque<>(2); // usually empty: keep it small
    private boolean closing;
    private boolean waiting;
    private boolean answered;
    /** The upstream connect of a CONNECT is under way (admitted, not yet joined). */
    private boolean connecting;
    /** The client ended its output while its request was admitted or connected; replayed to whoever handles it. */
    private boolean inputShutdown;
    /** Decoded messages held so far (bounded by {@link #MAX_HELD}). */
    private int heldRequests;
    /** Input paused by us until the request's handler is in place. */
    private boolean paused;

    HttpFrontendHandler(RelaySession session) {
        this.session = session;
    }

    /** One instance per socket; answering here skips Netty's per-add lookup of the {@code @Sharable} annotation. */
    @Override
    public boolean isSharable() {
        return false;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (answered) {
            ReferenceCountUtil.release(msg); // an error answer is on its way; the rest is discarded
            return;
        }
        if (waiting || msg instanceof ByteBuf) {
            // raw bytes come only behind a CONNECT head read without the codec: the tunnel's first payload
            hold(ctx, msg);
            return;
        }
        if (closing || !(msg instanceof HttpRequest req)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        closing = true;
        if (rejectMalformed(ctx.channel(), req)) {
            return;
        }
        BasicAuth.Parsed parsed = BasicAuth.parse(req.headers().get(HttpHeaderNames.PROXY_AUTHORIZATION));
        if (parsed instanceof BasicAuth.Malformed m) {
            session.reason("bad_request");
            HttpReplies.sendAndClose(ctx.channel(), withChallenge(HttpReplies.error(ctx.channel(), 407, "bad_credentials", m.why())));
            return;
        }
        Credentials credentials = parsed instanceof BasicAuth.Present p ? p.credentials() : Credentials.NONE;
        waiting = true;
        if (ctx.pipeline().context(CODEC) != null) {
            if (HttpMethod.CONNECT.equals(req.method())) {
                // what follows the head is the tunnel's, not HTTP: the codec leaves now and hands on the bytes
                // it holds (they come back into channelRead at once, and are held)
                ctx.pipeline().remove(CODEC);
            } else {
                pause(ctx.channel()); // the codec decodes the body or the next request: nothing until admitted
            }
        }
        AsyncAdmission.admit(session, credentials, admission -> admitted(ctx, req, admission));
    }

    private void hold(ChannelHandlerContext ctx, Object msg) {
        held.add(msg);
        pause(ctx.channel()); // no more reading until what is held has gone on
        // Raw tunnel bytes are not counted: once the client ended its output (EPOLLRDHUP) Netty reads on to
        // the EOF despite the pause, so what is held is bounded by the socket's receive buffer, and all of it
        // belongs in the tunnel. Decoded requests are a client pipelining ahead of its answer.
        if (!(msg instanceof ByteBuf) && ++heldRequests > MAX_HELD) {
            releaseHeld();
            answered = true;
            session.reason("bad_request");
            HttpReplies.errorAndClose(ctx.channel(), 429, "too_many_pipelined", "too many pipelined requests");
        }
    }

    private void admitted(ChannelHandlerContext ctx, HttpRequest req, Admission admission) {
        waiting = false;
        if (answered) {
            releaseHeld(); // timed out or overflowed meanwhile; a grant goes back when the socket closes
            return;
        }
        if (admission instanceof Admission.Refusal r) {
            releaseHeld();
            refuse(ctx.channel(), r);
            return;
        }
        Optional<PoolEntry> entry = session.services().pool().entry(session.port());
        if (entry.isEmpty()) {
            releaseHeld();
            refuse(ctx.channel(), new Admission.Refusal(RefusalReason.NO_UPSTREAM, null));
            return;
        }
        session.upstream(entry.get().upstream().display());
        if (HttpMethod.CONNECT.equals(req.method())) {
            keepTunnelBytes();
            connect(ctx, req, entry.get()); // an early end of the client's output goes through the tunnel too
        } else {
            session.protocol("http");
            session.countWireAsPayload();
            PlainHttpForwarder forwarder = new PlainHttpForwarder(session, entry.get().upstream());
            ctx.pipeline().replace(this, PlainHttpForwarder.NAME, forwarder);
            forwarder.first(req);
            ChannelHandlerContext next = ctx.pipeline().context(forwarder);
            while (!held.isEmpty()) {
                forwarder.channelRead(next, held.poll());
            }
            if (inputShutdown) {
                try {
                    forwarder.userEventTriggered(next, ChannelInputShutdownEvent.INSTANCE);
                } catch (Exception e) {
                    forwarder.exceptionCaught(next, e);
                }
            }
        }
    }

    /** A tunnel keeps the raw bytes sent behind its CONNECT (they go through it once it is up), nothing else. */
    private void keepTunnelBytes() {
        for (Iterator<Object> it = held.iterator(); it.hasNext(); ) {
            Object o = it.next();
            if (!(o instanceof ByteBuf)) {
                ReferenceCountUtil.release(o);
                it.remove();
            }
        }
    }

    /** Stops reading the client once (the relay's join or an error answer turns it on again). */
    private void pause(Channel ch) {
        if (!paused) {
            paused = true;
            ch.config().setAutoRead(false);
        }
    }

    private void releaseHeld() {
        while (!held.isEmpty()) {
            ReferenceCountUtil.release(held.poll());
        }
    }

    /** 431 for an oversized head, 400 for anything else the decoder or we cannot use. */
    private boolean rejectMalformed(Channel ch, HttpRequest req) {
        DecoderResult result = req.decoderResult();
        if (result.isFailure()) {
            session.reason("bad_request");
            if (result.cause() instanceof TooLongFrameException) {
                HttpReplies.errorAndClose(ch, 431, "header_too_large", "request head larger than "
                        + session.services().settings().maxHeaderBytes() + " bytes");
            } else {
                HttpReplies.errorAndClose(ch, 400, "bad_request", "malformed HTTP request");
            }
            return true;
        }
        return false;
    }

    private static io.netty.handler.codec.http.FullHttpResponse withChallenge(io.netty.handler.codec.http.FullHttpResponse r) {
        r.headers().set(HttpHeaderNames.PROXY_AUTHENTICATE, HttpReplies.REALM);
        return r;
    }

    private void refuse(Channel ch, Admission.Refusal r) {
        session.reason("refused:" + r.reason().code());
        HttpReplies.refusal(ch, r);
    }

    private void connect(ChannelHandlerContext ctx, HttpRequest req, PoolEntry entry) {
        session.protocol("http-connect");
        HostPort target = HostPort.parse(req.uri(), -1);
        if (target == null || target.host().length() > 255) {
            session.reason("bad_request");
            HttpReplies.errorAndClose(ctx.channel(), 400, "bad_request", "CONNECT needs host:port");
            return;
        }
        session.handshakeDone();
        session.target(target.toString());
        Channel client = ctx.channel();
        connecting = true;
        session.services().connector().open(client, session.port(), entry.upstream(), target.host(), target.port(), true,
                        session.takeEarly())
                .addListener(f -> {
                    connecting = false;
                    if (!f.isSuccess()) {
                        UpstreamFailure failure = (UpstreamFailure) f.cause();
                        session.reason(failure.closeReason());
                        HttpReplies.errorAndClose(client, failure.clientHttpStatus(), failure.closeReason(),
                                "upstream failed: " + failure.getMessage());
                        return;
                    }
                    Channel upstream = (Channel) f.getNow();
                    if (!client.isActive()) {
                        upstream.close();
                        return;
                    }
                    session.upstreamChannel(upstream);
                    // the encoded answer, written below the codec if there is one (it leaves the pipeline next)
                    ChannelHandlerContext codec = ctx.pipeline().context(CODEC);
                    (codec != null ? codec : ctx).writeAndFlush(ESTABLISHED.duplicate());
                    RelayHandler.join(session, client, upstream);
                    ctx.pipeline().remove(this);
                    if (codec != null) {
                        ctx.pipeline().remove(CODEC);
                    }
                    if (!held.isEmpty()) {
                        // bytes sent behind the CONNECT, before our 200: into the tunnel, through its relay handler
                        while (!held.isEmpty()) {
                            ctx.fireChannelRead(held.poll());
                        }
                        ctx.fireChannelReadComplete();
                    }
                    if (inputShutdown) {
                        ctx.fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE); // after those bytes
                    }
                });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == HandshakeTimeout.EVENT) {
            closing = true;
            answered = true;
            HttpReplies.errorAndClose(ctx.channel(), 408, "handshake_timeout", "request head not received in time");
            return;
        }
        if (evt instanceof ChannelInputShutdownEvent) {
            if (waiting || connecting) {
                inputShutdown = true; // the admitted request may still be answered (half-close)
                return;
            }
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseHeld();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        session.reason("client_error");
        ctx.close();
    }
}
