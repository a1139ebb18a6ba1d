package io.proxysaas.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
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

    /**
     * Reads {@code in} from its reader index without moving it.
     *
     * @param maxHeadBytes the longest head taken here (longer ones go to the codec, which answers 431)
     * @return a {@link Parsed}, {@link #NEED_MORE} or {@link #NOT_MINE}
     */
    static Object parse(ByteBuf in, int maxHeadBytes) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        for (int i = 0; i < METHOD.length; i++) {
            if (i == readable) {
                return NEED_MORE;
            }
            if (in.getByte(start + i) != METHOD[i]) {
                return NOT_MINE;
            }
        }
        int end = ByteBufUtil.indexOf(HeadEnd.CRLFCRLF, in);
        if (end < 0 || end + 4 - start > maxHeadBytes) {
            return end < 0 && readable < maxHeadBytes ? NEED_MORE : NOT_MINE;
        }
        int headEnd = end + 2; // the last header line's CRLF is the end of the header section
        // request line: CONNECT authority SP HTTP/1.d CRLF
        int authorityStart = start + METHOD.length;
        int lineEnd = in.indexOf(authorityStart, headEnd, (byte) '\r');
        int space = in.indexOf(authorityStart, lineEnd, (byte) ' ');
        if (space <= authorityStart || lineEnd - space != VERSION.length + 1 || !visible(in, authorityStart, space)) {
            return NOT_MINE;
        }
        for (int i = 0; i < VERSION.length; i++) {
            if (in.getByte(space + i) != VERSION[i]) {
                return NOT_MINE;
            }
        }
        byte minor = in.getByte(lineEnd - 1);
        if ((minor != '0' && minor != '1') || in.getByte(lineEnd + 1) != '\n') {
            return NOT_MINE;
        }
        String proxyAuthorization = null;
        for (int line = lineEnd + 2; line < headEnd; ) {
            int eol = in.indexOf(line, headEnd, (byte) '\r');
            if (eol < 0 || in.getByte(eol + 1) != '\n') {
                return NOT_MINE;
            }
            int colon = line;
            while (colon < eol && isToken(in.getByte(colon))) {
                colon++;
            }
            if (colon == line || colon == eol || in.getByte(colon) != ':') {
                return NOT_MINE; // empty or bad name, obs-fold (leading space), no colon
            }
            int valueStart = colon + 1;
            int valueEnd = eol;
            while (valueStart < valueEnd && isBlank(in.getByte(valueStart))) {
                valueStart++;
            }
            while (valueEnd > valueStart && isBlank(in.getByte(valueEnd - 1))) {
                valueEnd--;
            }
            for (int i = valueStart; i < valueEnd; i++) {
                byte b = in.getByte(i);
                if (!(b == '\t' || (b >= 0x20 && b < 0x7f))) {
                    return NOT_MINE; // control bytes, a bare LF, obs-text: the codec's call
                }
            }
            int nameLength = colon - line;
            if (nameIs(in, line, nameLength, "content-length") || nameIs(in, line, nameLength, "transfer-encoding")) {
                return NOT_MINE; // a CONNECT with a body: unusual enough for the codec
            }
            if (proxyAuthorization == null && nameIs(in, line, nameLength, "proxy-authorization")) {
                proxyAuthorization = in.toString(valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
            }
            line = eol + 2;
        }
        String authority = in.toString(authorityStart, space - authorityStart, StandardCharsets.ISO_8859_1);
        return new Parsed(end + 4 - start, authority, minor == '1' ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0,
                proxyAuthorization);
    }

    private static boolean visible(ByteBuf in, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = in.getByte(i);
            if (b <= 0x20 || b >= 0x7f) {
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
    private static boolean nameIs(ByteBuf in, int from, int length, String lower) {
        if (length != lower.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int b = in.getByte(from + i);
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
