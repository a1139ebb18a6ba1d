package io.proxysaas.relay;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

/** Closes a customer socket (and so its upstream) after the idle timeout with no traffic either way. */
@Sharable
final class IdleCloser extends ChannelInboundHandlerAdapter {

    static final String NAME = "idle-closer";
    static final IdleCloser INSTANCE = new IdleCloser();

    private IdleCloser() {
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            RelaySession session = RelaySession.of(ctx.channel());
            if (session != null) {
                session.reason("idle_timeout");
            }
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
