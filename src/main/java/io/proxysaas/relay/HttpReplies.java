package io.proxysaas.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.proxysaas.access.Admission;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own HTTP answers (SPEC §3): 407 with a Basic challenge, refusals with
 * {@code X-Proxy-Error}, 4xx for broken requests, 502/504 for upstream trouble. Every error closes
 * the connection, lingering briefly so that the client reads the answer rather than a reset.
 */
final class HttpReplies {

    static final String REALM = "Basic realm=\"proxy-saas\"";
    /** The response encoder added for an error answer where no HTTP codec is in the pipeline. */
    static final String ENCODER = "http-response-encoder";
    private static final long LINGER_MILLIS = 1000;

    private HttpReplies() {
    }

    static void refusal(Channel ch, Admission.Refusal refusal) {
        FullHttpResponse r = error(ch, refusal.reason().httpStatus(), refusal.reason().code(), refusal.message());
        if (refusal.reason().httpStatus() == 407) {
            r.headers().set(HttpHeaderNames.PROXY_AUTHENTICATE, REALM);
        }
        sendAndClose(ch, r);
    }

    static void errorAndClose(Channel ch, int status, String code, String message) {
        sendAndClose(ch, error(ch, status, code, message));
    }

    static FullHttpResponse error(Channel ch, int status, String code, String message) {
        ByteBuf body = ByteBufUtil.writeUtf8(ch.alloc(), message + "\n");
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), body);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set("X-Proxy-Error", code);
        return r;
    }

    /**
     * Writes the answer, shuts our output and keeps discarding the client's input for a moment
     * before closing: closing with unread input would reset the connection and lose the answer.
     */
    static void sendAndClose(Channel ch, Object response) {
        if (response instanceof FullHttpResponse && ch.pipeline().get(HttpFrontendHandler.CODEC) == null
                && ch.pipeline().get(ENCODER) == null) {
            // a CONNECT read without the codec: Netty's encoder joins for this answer only (errors are the rare path)
            ch.pipeline().addLast(ENCODER, new HttpResponseEncoder());
        }
        ch.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess() || !(ch instanceof SocketChannel s)) {
                ch.close();
                return;
            }
            s.shutdownOutput();
            ch.config().setAutoRead(true);
            ch.eventLoop().schedule(() -> ch.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        });
    }
}
