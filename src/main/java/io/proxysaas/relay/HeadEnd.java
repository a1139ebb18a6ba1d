package io.proxysaas.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** The blank line that ends an HTTP head. */
final class HeadEnd {

    static final ByteBuf CRLFCRLF = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer(new byte[] {'\r', '\n', '\r', '\n'}).asReadOnly());

    private HeadEnd() {
    }
}
