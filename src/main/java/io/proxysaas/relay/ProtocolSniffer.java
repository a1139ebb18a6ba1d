package io.proxysaas.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.List;

/**
 * Tells the front protocol from the first byte: 0x05 is SOCKS5, an ASCII letter starts an HTTP
 * request line, anything else is closed. Then installs that frontend and leaves.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {

    static final String NAME = "sniffer";

    private final RelayServices services;

    ProtocolSniffer(RelayServices services) {
        this.services = services;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        byte first = in.getByte(in.readerIndex());
        RelaySession session = RelaySession.of(ctx.channel());
        if (first == 0x05) {
            ctx.pipeline().addAfter(NAME, Socks5ServerDecoder.NAME, new Socks5ServerDecoder())
                    .addAfter(Socks5ServerDecoder.NAME, Socks5FrontendHandler.NAME, new Socks5FrontendHandler(session));
        } else if (first >= 'A' && first <= 'Z') {
            int max = services.settings().maxHeaderBytes();
            ctx.pipeline().addAfter(NAME, HttpFrontendHandler.CODEC, new HttpServerCodec(max, max, 16 * 1024))
                    .addAfter(HttpFrontendHandler.CODEC, HttpFrontendHandler.NAME, new HttpFrontendHandler(session));
        } else {
            session.reason("bad_protocol");
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == HandshakeTimeout.EVENT) {
            ctx.close();
            return;
        }
        if (evt instanceof ChannelInputShutdownEvent) {
            // ended its output before its first byte: no request can come, so no need to wait for the timeout
            RelaySession.of(ctx.channel()).reason("client_closed");
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
