package io.proxysaas.relay;

import io.netty.buffer.ByteBuf;

/** Finds the blank line (CR LF CR LF) that ends an HTTP head. */
final class HeadEnd {

    private HeadEnd() {
    }

    /**
     * Index in {@code buf} of the first CR LF CR LF starting at or after {@code from} and ending
     * before {@code to}, or -1. Jumps from LF to LF with {@link ByteBuf#indexOf} (a word at a time)
     * rather than {@code ByteBufUtil.indexOf(needle, haystack)}, whose two-way search sets up a table
     * per call: 1.2 % of the relay threads' time for one short head per tunnel.
     */
    static int find(ByteBuf buf, int from, int to) {
        int lf = from + 3; // the earliest LF that can end a blank line
        while (lf < to) {
            int i = buf.indexOf(lf, to, (byte) '\n');
            if (i < 0) {
                return -1;
            }
            if (buf.getByte(i - 1) == '\r' && buf.getByte(i - 2) == '\n' && buf.getByte(i - 3) == '\r') {
                return i - 3;
            }
            lf = i + 1;
        }
        return -1;
    }
}
