package io.proxysaas.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.proxysaas.access.Admission;
import io.proxysaas.pool.Upstream;
import io.proxysaas.pool.UpstreamScheme;
import java.util.ArrayDeque;

/**
 * Absolute-URI HTTP on a keep-alive customer connection: one request at a time, each admitted
 * ({@code admitRequest}), stripped of the customer's proxy headers and streamed to the upstream
 * (an HTTP upstream gets the absolute URI and its own Basic auth; through a SOCKS5 upstream the
 * request goes origin-form into a tunnel to its host). Reads follow completed writes (backpressure).
 */
final class PlainHttpForwarder extends ChannelInboundHandlerAdapter {

    static final String NAME = "http-forwarder";
    private static final int MAX_PENDING = 64;

    private final RelaySession session;
    private final Upstream upstream;
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private Channel client;
    private Channel upstreamChannel;
    private String upstreamKey;
    private boolean connecting;
    private boolean inRequest;
    private boolean awaitingResponse;
    private boolean keepAlive;
    private boolean closing;
    private boolean clientInputDone;
    private boolean waitingForBudget;

    PlainHttpForwarder(RelaySession session, Upstream upstream) {
        this.session = session;
        this.upstream = upstream;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        client = ctx.channel();
    }

    /** The first request, already admitted by {@link HttpFrontendHandler}. */
    void first(HttpRequest req) {
        session.handshakeDone();
        start(req);
        drain();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        pending.add(msg);
        if (pending.size() > MAX_PENDING) {
            session.reason("bad_request");
            fail(429, "too_many_pipelined", "too many pipelined requests");
            return;
        }
        drain();
    }

    private void drain() {
        while (!pending.isEmpty() && !connecting && !closing && !waitingForBudget) {
            Object msg = pending.peek();
            if (msg instanceof HttpRequest req) {
                if (awaitingResponse) {
                    return;
                }
                pending.poll();
                Admission next = session.services().access().admitRequest(session.grant());
                if (next instanceof Admission.Refusal r) {
                    closing = true;
                    session.reason("refused:" + r.reason().code());
                    HttpReplies.refusal(client, r);
                    return;
                }
                start(req);
            } else {
                pending.poll();
                forward((HttpContent) msg);
            }
        }
        maybeRead();
    }

    private void start(HttpRequest req) {
        if (req.decoderResult().isFailure() || HttpMethod.CONNECT.equals(req.method())) {
            fail(400, "bad_request", "malformed request on a keep-alive connection");
            return;
        }
        AbsoluteUri uri = AbsoluteUri.parse(req.uri());
        if (uri == null) {
            fail(400, "bad_request", "a proxy request needs an absolute http:// URI");
            return;
        }
        session.target(uri.target().toString());
        keepAlive = HttpUtil.isKeepAlive(req);
        awaitingResponse = true;
        inRequest = true;
        HttpHeaders h = req.headers();
        h.remove(HttpHeaderNames.PROXY_AUTHORIZATION).remove("Proxy-Connection").remove(HttpHeaderNames.KEEP_ALIVE)
                .remove(HttpHeaderNames.CONNECTION);
        if (h.contains(HttpHeaderNames.EXPECT)) {
            h.remove(HttpHeaderNames.EXPECT);
            client.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        String key;
        if (upstream.scheme() == UpstreamScheme.SOCKS5) {
            req.setUri(uri.originForm());
            if (!h.contains(HttpHeaderNames.HOST)) {
                h.set(HttpHeaderNames.HOST, uri.authority());
            }
            key = uri.target().toString();
        } else {
            if (upstream.hasAuth()) {
                h.set(HttpHeaderNames.PROXY_AUTHORIZATION, BasicAuth.header(upstream.username(), upstream.password()));
            }
            key = "";
        }
        if (upstreamChannel != null && upstreamChannel.isActive() && key.equals(upstreamKey)) {
            upstreamChannel.writeAndFlush(req).addListener(afterWrite());
            return;
        }
        if (upstreamChannel != null) {
            upstreamChannel.close();
            upstreamChannel = null;
        }
        connecting = true;
        upstreamKey = key;
        boolean tunnel = upstream.scheme() == UpstreamScheme.SOCKS5;
        session.services().connector().open(client, session.port(), upstream, uri.target().host(), uri.target().port(), tunnel,
                session.takeEarly())
                .addListener(f -> connected(req, f));
    }

    private void connected(HttpRequest req, io.netty.util.concurrent.Future<?> f) {
        connecting = false;
        if (!f.isSuccess()) {
            UpstreamFailure failure = (UpstreamFailure) f.cause();
            session.reason(failure.closeReason());
            fail(failure.clientHttpStatus(), failure.closeReason(), "upstream failed: " + failure.getMessage());
            return;
        }
        Channel ch = (Channel) f.getNow();
        if (!client.isActive()) {
            ch.close();
            return;
        }
        upstreamChannel = ch;
        session.upstreamChannel(ch);
        ch.config().setAutoRead(false); // the backend handler reads piece by piece (a no-op when already off)
        ch.pipeline().addLast("http-client-codec", new HttpClientCodec());
        ch.pipeline().addLast(PlainHttpBackendHandler.NAME, new PlainHttpBackendHandler(this, client, session));
        ch.writeAndFlush(req).addListener(afterWrite());
        ch.read();
        drain();
    }

    /** A request body piece goes on once the quota budget covers it; draining waits meanwhile. */
    private void forward(HttpContent content) {
        waitingForBudget = true;
        boolean[] inline = {true};
        BudgetGate.pass(session, client, content, content.content().readableBytes(), () -> {
            waitingForBudget = false;
            forwardNow(content);
            if (!inline[0]) {
                drain();
            }
        });
        inline[0] = false;
    }

    private void forwardNow(HttpContent content) {
        if (content instanceof LastHttpContent) {
            inRequest = false;
        }
        if (upstreamChannel == null || !upstreamChannel.isActive()) {
            content.release();
            return;
        }
        upstreamChannel.writeAndFlush(content).addListener(afterWrite());
    }

    private ChannelFutureListener afterWrite() {
        return f -> {
            if (f.isSuccess()) {
                maybeRead();
            } else {
                session.reason("upstream_error");
                closeClient();
            }
        };
    }

    /** Asks the customer for more only when nothing waits and the request still has a body to come. */
    private void maybeRead() {
        if (!closing && !connecting && !waitingForBudget && pending.isEmpty() && (inRequest || !awaitingResponse)) {
            client.read();
        }
    }

    boolean keepAlive() {
        return keepAlive;
    }

    /** The upstream finished its response: go on with the next request, or close as agreed. */
    void responseEnded(Channel from, boolean clientKeepsAlive, boolean upstreamReusable) {
        awaitingResponse = false;
        if (!upstreamReusable && from == upstreamChannel) {
            // The upstream said it will not take another request here (tinyproxy never does).
            upstreamChannel = null;
            RelayHandler.closeOnFlush(from);
        }
        if (!clientKeepsAlive || clientInputDone) {
            session.reason(keepAlive ? "upstream_closed" : "client_closed");
            closeClient();
            return;
        }
        drain();
    }

    /** The upstream went away; mid-response the customer cannot be answered any more. */
    void upstreamClosed(Channel ch) {
        if (ch != upstreamChannel) {
            return;
        }
        upstreamChannel = null;
        if (awaitingResponse) {
            session.reason("upstream_closed");
            closeClient();
        }
    }

    private void fail(int status, String code, String message) {
        closing = true;
        if (awaitingResponse && !connecting && upstreamChannel != null) {
            closeClient();
            return;
        }
        HttpReplies.errorAndClose(client, status, code, message);
    }

    private void closeClient() {
        closing = true;
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
        RelayHandler.closeOnFlush(client);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
        if (upstreamChannel != null) {
            upstreamChannel.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            session.reason("client_closed");
            clientInputDone = true;
            if (!awaitingResponse) {
                ctx.close();
            }
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
