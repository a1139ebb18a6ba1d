package io.proxysaas.relay;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Reads the head of a plain CONNECT request straight from the socket's bytes, without Netty's HTTP
 * codec: a tunnel's only HTTP is this one head, and the codec costs a handler pair, its buffers and
 * two pipeline changes per tunnel. Only the strict, common form is taken:
 * <pre>
 *   CONNECT authority HTTP/1.0|1.1 CRLF
 *   (token ":" OWS visible-ASCII-value OWS CRLF)*
 *   CRLF
 * </pre>
 * Everything else (another method, obs-fold, bare LF, control or non-ASCII bytes, a body header, a
 * head larger than the limit) is {@link #NOT_MINE}: the full codec then reads the same bytes and gives
 * its answers (400, 431), so the fast path never decides a malformed request.
 */
final class ConnectHead {

    /** The bytes so far are the start of a CONNECT head this parser may take: wait for more. */
    static final Object NEED_MORE = new Object();
    /** Not a head for this parser: hand the bytes to the HTTP codec. */
    static final Object NOT_MINE = new Object();

    private static final byte[] METHOD = "CONNECT ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VERSION = " HTTP/1.".getBytes(StandardCharsets.US_ASCII);
    private static final boolean[] TOKEN = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
    }

    /**
     * A complete CONNECT head.
     *
     * @param length             bytes of the head, blank line included
     * @param proxyAuthorization the first {@code Proxy-Authorization} value, or null
     */
    record Parsed(int length, String authority, HttpVersion version, String proxyAuthorization) {

        /** The request as the HTTP frontend reads it (the one header it uses). */
        HttpRequest toRequest() {
            HttpHeaders headers = new DefaultHttpHeaders(false);
            if (proxyAuthorization != null) {
                headers.add(HttpHeaderNames.PROXY_AUTHORIZATION, proxyAuthorization);
            }
            return new DefaultHttpRequest(version, HttpMethod.CONNECT, authority, headers);
        }
    }

    private ConnectHead() {
    }

    /** {@link #parse(ByteBuf, int, int)} of a head seen for the first time. */
    static Object parse(ByteBuf in, int maxHeadBytes) {
        return parse(in, maxHeadBytes, 0);
    }

    /**
     * Reads {@code in} from its reader index without moving it.
     *
     * @param maxHeadBytes the longest head taken here (longer ones go to the codec, which answers 431)
     * @param searched     how many bytes of this head an earlier call saw without its end ({@link #NEED_MORE}):
     *                     the search for the blank line resumes just before them, so a head dribbled in
     *                     byte by byte costs linear time, not quadratic
     * @return a {@link Parsed}, {@link #NEED_MORE} or {@link #NOT_MINE}
     */
    static Object parse(ByteBuf in, int maxHeadBytes, int searched) {
        int start = in.readerIndex();
        int window = Math.min(in.readableBytes(), maxHeadBytes);
        for (int i = 0; i < METHOD.length && i < window; i++) {
            if (in.getByte(start + i) != METHOD[i]) {
                return NOT_MINE;
            }
        }
        // a head that is still arriving is searched in place, not copied: only a complete one is
        int from = start + Math.max(0, Math.min(searched, window) - 3); // a blank line may straddle the old end
        int found = window < METHOD.length ? -1 : HeadEnd.find(in, from, start + window);
        int end = found < 0 ? -1 : found - start;
        if (end < 0) {
            return window == maxHeadBytes ? NOT_MINE : NEED_MORE; // at the limit without an end: the codec answers 431
        }
        // one copy of the head, then plain array reads (a ByteBuf checks bounds and refCnt per byte)
        byte[] head = new byte[end + 4];
        in.getBytes(start, head);
        return parseComplete(head);
    }

    /** Reads a whole head: it starts with {@link #METHOD} (checked) and ends with its blank line (found). */
    private static Object parseComplete(byte[] b) {
        int headerEnd = b.length - 2; // the last header line's CRLF ends the header section
        // request line: CONNECT authority SP HTTP/1.d CRLF
        int authorityStart = METHOD.length;
        int lineEnd = indexOf(b, authorityStart, headerEnd, (byte) '\r');
        int space = indexOf(b, authorityStart, lineEnd, (byte) ' ');
        if (space <= authorityStart || lineEnd - space != VERSION.length + 1 || !visible(b, authorityStart, space)) {
            return NOT_MINE;
        }
        for (int i = 0; i < VERSION.length; i++) {
            if (b[space + i] != VERSION[i]) {
                return NOT_MINE;
            }
        }
        byte minor = b[lineEnd - 1];
        if ((minor != '0' && minor != '1') || b[lineEnd + 1] != '\n') {
            return NOT_MINE;
        }
        String proxyAuthorization = null;
        for (int line = lineEnd + 2; line < headerEnd; ) {
            int eol = indexOf(b, line, headerEnd, (byte) '\r');
            if (eol < 0 || b[eol + 1] != '\n') {
                return NOT_MINE;
            }
            int colon = line;
            while (colon < eol && isToken(b[colon])) {
                colon++;
            }
            if (colon == line || colon == eol || b[colon] != ':') {
                return NOT_MINE; // empty or bad name, obs-fold (leading space), no colon
            }
            int valueStart = colon + 1;
            int valueEnd = eol;
            while (valueStart < valueEnd && isBlank(b[valueStart])) {
                valueStart++;
            }
            while (valueEnd > valueStart && isBlank(b[valueEnd - 1])) {
                valueEnd--;
            }
            for (int i = valueStart; i < valueEnd; i++) {
                if (!(b[i] == '\t' || (b[i] >= 0x20 && b[i] < 0x7f))) {
                    return NOT_MINE; // control bytes, a bare LF, obs-text: the codec's call
                }
            }
            int nameLength = colon - line;
            if (nameIs(b, line, nameLength, "content-length") || nameIs(b, line, nameLength, "transfer-encoding")) {
                return NOT_MINE; // a CONNECT with a body: unusual enough for the codec
            }
            if (proxyAuthorization == null && nameIs(b, line, nameLength, "proxy-authorization")) {
                proxyAuthorization = new String(b, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
            }
            line = eol + 2;
        }
        String authority = new String(b, authorityStart, space - authorityStart, StandardCharsets.ISO_8859_1);
        return new Parsed(b.length, authority, minor == '1' ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0,
                proxyAuthorization);
    }

    private static int indexOf(byte[] b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static boolean visible(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] <= 0x20 || b[i] >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean isToken(byte b) {
        return b > 0 && TOKEN[b];
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }

    /** Case-insensitive comparison of a header name with a lower-case ASCII name. */
    private static boolean nameIs(byte[] b, int from, int length, String lower) {
        if (length != lower.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
