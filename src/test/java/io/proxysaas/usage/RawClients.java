package io.proxysaas.usage;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Proxy clients on raw sockets that count, byte for byte, what they send and receive after the
 * proxy handshake (HTTP CONNECT, SOCKS5 with RFC 1929 auth) or on the wire (plain HTTP), so a test
 * can compare the product's counters with the exact truth.
 */
final class RawClients {

    private static final int MAX_HEAD = 64 * 1024;

    /** Bytes the client wrote and read (after the handshake for tunnels; all of them for plain HTTP). */
    record Counted(long written, long read) {
        Counted plus(Counted o) {
            return new Counted(written + o.written, read + o.read);
        }
    }

    enum Front { CONNECT, SOCKS5, PLAIN }

    private RawClients() {
    }

    /** Downloads {@code n} bytes from the origin through the proxy; fails unless all arrived. */
    static Counted download(Front front, int proxyPort, String user, String password, int originPort, int n) throws IOException {
        String request = "GET " + (front == Front.PLAIN ? "http://127.0.0.1:" + originPort : "") + "/down/" + n + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + originPort + "\r\n" + (front == Front.PLAIN ? auth(user, password) : "")
                + "Connection: close\r\n\r\n";
        return exchange(front, proxyPort, user, password, originPort, request.getBytes(StandardCharsets.US_ASCII), 0, n);
    }

    /** Uploads {@code n} bytes to the origin through the proxy; fails unless the origin got all of them. */
    static Counted upload(Front front, int proxyPort, String user, String password, int originPort, int n) throws IOException {
        String request = "POST " + (front == Front.PLAIN ? "http://127.0.0.1:" + originPort : "") + "/up HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + originPort + "\r\n" + (front == Front.PLAIN ? auth(user, password) : "")
                + "Content-Type: application/octet-stream\r\nContent-Length: " + n + "\r\nConnection: close\r\n\r\n";
        return exchange(front, proxyPort, user, password, originPort, request.getBytes(StandardCharsets.US_ASCII), n, 2);
    }

    /** A tunnel left open on purpose, and what went through it so far. */
    record Held(Socket socket, Counted counted) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Opens a CONNECT tunnel, receives {@code n} body bytes of an answer that never ends, and leaves it open. */
    static Held holdOpen(int proxyPort, String user, String password, int originPort, int n) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress("127.0.0.1", proxyPort), 5000);
            s.setSoTimeout(30_000);
            connect(s.getInputStream(), s.getOutputStream(), user, password, originPort);
            byte[] request = ("GET /hold/" + n + " HTTP/1.1\r\nHost: 127.0.0.1:" + originPort + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            String answer = readHead(s.getInputStream());
            long body = skip(s.getInputStream(), n);
            if (body != n) {
                throw new IOException("held tunnel: got " + body + " of " + n + " bytes");
            }
            return new Held(s, new Counted(request.length, answer.getBytes(StandardCharsets.ISO_8859_1).length + body));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static Counted exchange(Front front, int proxyPort, String user, String password, int originPort,
                                    byte[] head, int uploadBytes, int expectedBody) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", proxyPort), 5000);
            s.setSoTimeout(30_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            switch (front) {
                case CONNECT -> connect(in, out, user, password, originPort);
                case SOCKS5 -> socks5(in, out, user, password, originPort);
                case PLAIN -> { }
            }
            long written = head.length;
            out.write(head);
            byte[] chunk = pattern(64 * 1024);
            for (long left = uploadBytes; left > 0; left -= Math.min(left, chunk.length)) {
                int len = (int) Math.min(left, chunk.length);
                out.write(chunk, 0, len);
                written += len;
            }
            out.flush();
            String answer = readHead(in);
            if (!answer.startsWith("HTTP/1.") || !answer.split(" ")[1].equals("200")) {
                throw new IOException(front + ": origin answer " + answer.lines().findFirst().orElse(""));
            }
            long length = contentLength(answer);
            if (length != expectedBody) {
                throw new IOException(front + ": expected a body of " + expectedBody + " bytes, head says " + answer);
            }
            long body = skip(in, length);
            if (body != length) {
                throw new IOException(front + ": body cut after " + body + " of " + length + " bytes");
            }
            return new Counted(written, answer.getBytes(StandardCharsets.ISO_8859_1).length + body);
        }
    }

    private static void connect(InputStream in, OutputStream out, String user, String password, int originPort) throws IOException {
        out.write(("CONNECT 127.0.0.1:" + originPort + " HTTP/1.1\r\nHost: 127.0.0.1:" + originPort + "\r\n"
                + auth(user, password) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String answer = readHead(in);
        if (!answer.split(" ")[1].equals("200")) {
            throw new IOException("CONNECT refused: " + answer);
        }
    }

    private static void socks5(InputStream in, OutputStream out, String user, String password, int originPort) throws IOException {
        out.write(new byte[] {5, 1, 2});
        out.flush();
        expect(in, new byte[] {5, 2}, "SOCKS5 method selection");
        byte[] u = user.getBytes(StandardCharsets.UTF_8);
        byte[] p = password.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream auth = new ByteArrayOutputStream();
        auth.write(1);
        auth.write(u.length);
        auth.writeBytes(u);
        auth.write(p.length);
        auth.writeBytes(p);
        out.write(auth.toByteArray());
        out.flush();
        expect(in, new byte[] {1, 0}, "SOCKS5 authentication");
        out.write(new byte[] {5, 1, 0, 1, 127, 0, 0, 1, (byte) (originPort >> 8), (byte) originPort});
        out.flush();
        byte[] reply = in.readNBytes(4);
        if (reply.length < 4 || reply[1] != 0) {
            throw new IOException("SOCKS5 connect refused: reply " + java.util.Arrays.toString(reply));
        }
        int addressBytes = switch (reply[3]) {
            case 1 -> 4;
            case 4 -> 16;
            case 3 -> in.read();
            default -> throw new IOException("SOCKS5 reply with address type " + reply[3]);
        };
        if (in.readNBytes(addressBytes + 2).length != addressBytes + 2) {
            throw new EOFException("SOCKS5 reply cut short");
        }
    }

    private static void expect(InputStream in, byte[] expected, String step) throws IOException {
        byte[] got = in.readNBytes(expected.length);
        if (!java.util.Arrays.equals(got, expected)) {
            throw new IOException(step + ": expected " + java.util.Arrays.toString(expected) + ", got " + java.util.Arrays.toString(got));
        }
    }

    private static String auth(String user, String password) {
        return "Proxy-Authorization: Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)) + "\r\n";
    }

    /** Reads an HTTP head up to and including the blank line, one byte at a time (nothing after it is consumed). */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside an HTTP head: " + head);
            }
            head.write(b);
            if (head.size() > MAX_HEAD) {
                throw new IOException("HTTP head larger than " + MAX_HEAD + " bytes");
            }
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
                    : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    static long contentLength(String head) {
        return head.lines()
                .filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim()))
                .findFirst().orElse(-1);
    }

    /** Reads and drops up to {@code n} bytes; answers how many there were. */
    static long skip(InputStream in, long n) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long done = 0;
        while (done < n) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    /** Deterministic non-trivial bytes. */
    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >>> 8));
        }
        return b;
    }
}
