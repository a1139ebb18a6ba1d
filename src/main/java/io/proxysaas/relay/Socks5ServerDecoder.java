package io.proxysaas.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.NetUtil;
import io.proxysaas.access.RefusalReason.Socks5Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes the client side of a SOCKS5 handshake (RFC 1928 greeting and request, RFC 1929 auth).
 * Every field is length-prefixed by one byte, so nothing waits for more than ~520 bytes; a broken
 * message becomes {@link Socks5Message.Malformed} and the rest of the input is discarded.
 * <p>
 * Bytes behind the request belong to the tunnel (a client may send its first payload without waiting
 * for our reply): they stay here, reading pauses, and they go on to the relay when this decoder leaves
 * the pipeline at the join — also when the client ended its output meanwhile.
 */
final class Socks5ServerDecoder extends ByteToMessageDecoder {

    static final String NAME = "socks5-decoder";

    /** TUNNEL: the request was read, what follows is payload; FAILED: a malformed message, the rest is dropped. */
    private enum State { GREETING, AUTH, COMMAND, TUNNEL, FAILED }

    private State state = State.GREETING;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case GREETING -> greeting(in, out);
            case AUTH -> auth(in, out);
            case COMMAND -> command(in, out);
            case TUNNEL -> ctx.channel().config().setAutoRead(false); // kept for the tunnel; no more until it is up
            default -> in.skipBytes(in.readableBytes());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (state == State.TUNNEL && evt instanceof ChannelInputShutdownEvent) {
            // ByteToMessageDecoder would release what it holds: the early payload goes to the tunnel instead
            ctx.fireUserEventTriggered(evt);
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    private void greeting(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 2) {
            return;
        }
        int r = in.readerIndex();
        int count = in.getUnsignedByte(r + 1);
        if (in.getByte(r) != 5 || count == 0) {
            malformed(in, out, "bad SOCKS5 greeting", -1);
            return;
        }
        if (in.readableBytes() < 2 + count) {
            return;
        }
        in.skipBytes(2);
        byte[] methods = new byte[count];
        in.readBytes(methods);
        Socks5Message.Greeting greeting = new Socks5Message.Greeting(methods);
        state = greeting.offers(0x02) ? State.AUTH : State.COMMAND;
        out.add(greeting);
    }

    private void auth(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 2) {
            return;
        }
        int r = in.readerIndex();
        int userLength = in.getUnsignedByte(r + 1);
        if (in.getByte(r) != 1 || userLength == 0) {
            malformed(in, out, "bad RFC 1929 request", -1);
            return;
        }
        if (in.readableBytes() < 3 + userLength) {
            return;
        }
        int passLength = in.getUnsignedByte(r + 2 + userLength);
        if (in.readableBytes() < 3 + userLength + passLength) {
            return;
        }
        String user = in.toString(r + 2, userLength, StandardCharsets.UTF_8);
        String pass = in.toString(r + 3 + userLength, passLength, StandardCharsets.UTF_8);
        in.skipBytes(3 + userLength + passLength);
        state = State.COMMAND;
        out.add(new Socks5Message.PasswordAuth(user, pass));
    }

    private void command(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 5) {
            return;
        }
        int r = in.readerIndex();
        if (in.getByte(r) != 5 || in.getByte(r + 2) != 0) {
            malformed(in, out, "bad SOCKS5 request", Socks5Reply.GENERAL_FAILURE);
            return;
        }
        int type = in.getUnsignedByte(r + 3);
        int addressLength = switch (type) {
            case 1 -> 4;
            case 4 -> 16;
            case 3 -> in.getUnsignedByte(r + 4);
            default -> -1;
        };
        if (addressLength < 0) {
            malformed(in, out, "unknown SOCKS5 address type " + type, Socks5Reply.ADDRESS_TYPE_NOT_SUPPORTED);
            return;
        }
        if (addressLength == 0) {
            malformed(in, out, "empty SOCKS5 domain name", Socks5Reply.GENERAL_FAILURE);
            return;
        }
        int addressStart = r + 4 + (type == 3 ? 1 : 0);
        int total = addressStart - r + addressLength + 2;
        if (in.readableBytes() < total) {
            return;
        }
        String host;
        if (type == 3) {
            host = in.toString(addressStart, addressLength, StandardCharsets.US_ASCII);
        } else {
            byte[] ip = new byte[addressLength];
            in.getBytes(addressStart, ip);
            host = NetUtil.bytesToIpAddress(ip);
        }
        int port = in.getUnsignedShort(addressStart + addressLength);
        int command = in.getUnsignedByte(r + 1);
        in.skipBytes(total);
        state = State.TUNNEL;
        out.add(new Socks5Message.Command(command, host, port));
    }

    private void malformed(ByteBuf in, List<Object> out, String why, int reply) {
        in.skipBytes(in.readableBytes());
        state = State.FAILED;
        out.add(new Socks5Message.Malformed(why, reply));
    }
}
