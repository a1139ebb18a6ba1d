package io.proxysaas.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.Promise;

/** What the upstream handshakes (HTTP CONNECT, SOCKS5) share once the upstream said yes. */
final class UpstreamHandshakes {

    private UpstreamHandshakes() {
    }

    /**
     * Completes the handshake's promise. Its listener normally takes the channel over right away
     * (same event loop): the relay joins (auto-read stays on, and the handshake's leftover bytes flow
     * into the relay handler when the handshake leaves the pipeline), or the plain-HTTP forwarder
     * switches auto-read off itself and reads piece by piece. Only when nobody joined (the listener
     * closed the upstream, or runs later) is reading paused here, until whoever takes the channel
     * resumes it. So auto-read is not switched off and on again for nothing (two epoll_ctl calls
     * per tunnel); switching it off after a listener asked for a read would cancel that read, so
     * the pause is only applied where it is still on and no relay joined.
     */
    static void succeed(ChannelHandlerContext ctx, Promise<Channel> promise) {
        promise.trySuccess(ctx.channel());
        if (ctx.pipeline().get(RelayHandler.NAME) == null && ctx.channel().isOpen()) {
            ctx.channel().config().setAutoRead(false);
        }
    }
}
