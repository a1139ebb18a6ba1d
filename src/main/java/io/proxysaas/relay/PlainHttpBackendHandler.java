package io.proxysaas.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Streams the upstream's HTTP responses back to the customer, replacing hop-by-hop headers with
 * our own keep-alive decision; reads the next piece only after the customer took the previous one.
 * A 407 from an HTTP upstream means our upstream credentials are wrong: the customer gets 502.
 */
final class PlainHttpBackendHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "http-backend";

    private final PlainHttpForwarder forwarder;
    private final Channel client;
    private final RelaySession session;
    private boolean informational;
    private boolean discarding;
    private boolean clientKeepsAlive;
    private boolean upstreamReusable;

    PlainHttpBackendHandler(PlainHttpForwarder forwarder, Channel client, RelaySession session) {
        this.forwarder = forwarder;
        this.client = client;
        this.session = session;
    }

    /** Pieces decoded from one read while the quota budget is being refilled: kept in order. */
    private final java.util.ArrayDeque<Object> held = new java.util.ArrayDeque<>();
    private boolean waitingForBudget;
    /** The upstream closed while pieces still waited for quota: finish once they went out. */
    private boolean closedWhileWaiting;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (waitingForBudget) {
            held.add(msg);
            return;
        }
        long bytes = msg instanceof HttpContent c ? c.content().readableBytes() : 0;
        waitingForBudget = true;
        boolean[] inline = {true};
        BudgetGate.pass(session, ctx.channel(), msg, bytes, () -> {
            waitingForBudget = false;
            relay(ctx, msg);
            if (!inline[0]) {
                releaseHeldInOrder(ctx);
                if (closedWhileWaiting && !waitingForBudget && held.isEmpty()) {
                    closedWhileWaiting = false;
                    forwarder.upstreamClosed(ctx.channel());
                }
            }
        });
        inline[0] = false;
    }

    private void releaseHeldInOrder(ChannelHandlerContext ctx) {
        Object next;
        while (!waitingForBudget && (next = held.poll()) != null) {
            channelRead(ctx, next);
        }
    }

    private void relay(ChannelHandlerContext ctx, Object msg) {
        if (discarding) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse res) {
            if (res.decoderResult().isFailure() || res.status().code() == 407) {
                ReferenceCountUtil.release(msg);
                discarding = true;
                String why = res.decoderResult().isFailure() ? "malformed upstream response"
                        : "upstream refused our credentials (407)";
                session.services().pool().reportFailure(session.port(), why);
                session.reason("upstream_error");
                HttpReplies.errorAndClose(client, 502, "upstream_error", why);
                ctx.close();
                return;
            }
            head(res);
        }
        boolean last = msg instanceof LastHttpContent;
        boolean ends = last && !informational;
        if (last) {
            informational = false;
        }
        client.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                session.reason("client_error");
                ctx.close();
                client.close();
            } else if (!ends) {
                ctx.read();
            }
        });
        if (ends) {
            forwarder.responseEnded(ctx.channel(), clientKeepsAlive, upstreamReusable);
            ctx.read();
        }
    }

    private void head(HttpResponse res) {
        int code = res.status().code();
        informational = code >= 100 && code < 200;
        if (informational) {
            return;
        }
        HttpHeaders h = res.headers();
        boolean framed = HttpUtil.isContentLengthSet(res) || HttpUtil.isTransferEncodingChunked(res)
                || code == 204 || code == 304;
        clientKeepsAlive = forwarder.keepAlive() && framed;
        // Only an upstream that promises keep-alive gets a second request: tinyproxy answers HTTP/1.1
        // without "Connection: close" and then ignores whatever comes next on that connection.
        upstreamReusable = framed && (h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE, true)
                || h.containsValue("Proxy-Connection", HttpHeaderValues.KEEP_ALIVE, true));
        h.remove(HttpHeaderNames.CONNECTION).remove(HttpHeaderNames.KEEP_ALIVE).remove("Proxy-Connection");
        res.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (!clientKeepsAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (waitingForBudget) {
            // a body piece waits for quota: the client must still get it (and what is held behind it)
            closedWhileWaiting = true;
            client.closeFuture().addListener(f -> ctx.executor().execute(this::releaseHeld));
            super.channelInactive(ctx);
            return;
        }
        releaseHeld();
        forwarder.upstreamClosed(ctx.channel());
        super.channelInactive(ctx);
    }

    private void releaseHeld() {
        held.forEach(ReferenceCountUtil::release);
        held.clear();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        session.reason("upstream_error");
        ctx.close();
    }
}
