package io.proxysaas.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.List;

/**
 * Tells the front protocol from the first byte: 0x05 is SOCKS5, an ASCII letter starts an HTTP
 * request line, anything else is closed. Then installs that frontend and leaves. A plain CONNECT
 * head ({@link ConnectHead}) is read here and handed to the HTTP frontend as a request, without the
 * HTTP codec; every other HTTP head goes through the codec.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {

    static final String NAME = "sniffer";

    private final RelayServices services;
    /** Where a CONNECT head stands: null (not seen), {@link ConnectHead#NEED_MORE} or {@link ConnectHead#NOT_MINE}. */
    private Object connectHead;
    /** Bytes of a CONNECT head on its way already searched for its end. */
    private int searched;

    ProtocolSniffer(RelayServices services) {
        this.services = services;
    }

    /** One instance per socket; answering here skips Netty's per-add lookup of the {@code @Sharable} annotation. */
    @Override
    public boolean isSharable() {
        return false;
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
        } else if (first == 'C' && connectHead != ConnectHead.NOT_MINE) {
            connectHead = ConnectHead.parse(in, services.settings().maxHeaderBytes(), searched);
            if (connectHead == ConnectHead.NEED_MORE) {
                searched = in.readableBytes();
                return; // a CONNECT head on its way (the handshake timeout bounds the wait)
            }
            if (connectHead == ConnectHead.NOT_MINE) {
                installCodec(ctx, session);
            } else {
                // the common tunnel: no codec at all; bytes sent after the head go on to the frontend
                ConnectHead.Parsed head = (ConnectHead.Parsed) connectHead;
                in.skipBytes(head.length());
                ctx.pipeline().addAfter(NAME, HttpFrontendHandler.NAME, new HttpFrontendHandler(session));
                out.add(head.toRequest());
            }
        } else if (first >= 'A' && first <= 'Z') {
            installCodec(ctx, session);
        } else {
            session.reason("bad_protocol");
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
    }

    private void installCodec(ChannelHandlerContext ctx, RelaySession session) {
        int max = services.settings().maxHeaderBytes();
        ctx.pipeline().addAfter(NAME, HttpFrontendHandler.CODEC, new HttpServerCodec(max, max, 16 * 1024))
                .addAfter(HttpFrontendHandler.CODEC, HttpFrontendHandler.NAME, new HttpFrontendHandler(session));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (connectHead == ConnectHead.NEED_MORE
                && (evt == HandshakeTimeout.EVENT || evt instanceof ChannelInputShutdownEvent)) {
            // part of a CONNECT head came: the codec reads it and answers as for any HTTP head (408, 400)
            connectHead = ConnectHead.NOT_MINE;
            installCodec(ctx, RelaySession.of(ctx.channel()));
            ctx.pipeline().remove(this); // hands the bytes so far to the codec
            ctx.fireUserEventTriggered(evt);
            return;
        }
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
