package io.proxysaas.pool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opens a tunnel through one upstream with plain blocking sockets, for the health probe (which
 * runs on its own threads, never on a Netty event loop): HTTP CONNECT with Basic auth, or SOCKS5
 * greeting, RFC 1929 auth and CONNECT. Failures are {@link IOException}s whose message says what
 * went wrong at which step and never holds the password.
 */
final class UpstreamHandshake {

    private static final int MAX_HEAD_BYTES = 8192;

    private UpstreamHandshake() {
    }

    /** Connects through {@code upstream} to {@code host:port} and closes again; throws when that did not work. */
    static void connectThrough(Upstream upstream, String host, int port, int timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(upstream.host(), upstream.port()), timeoutMillis);
            } catch (IOException e) {
                throw new IOException("cannot connect to upstream: " + e.getMessage(), e);
            }
            socket.setSoTimeout(timeoutMillis);
            Deadline in = new Deadline(new java.io.BufferedInputStream(socket.getInputStream(), 512), deadline);
            if (upstream.scheme() == UpstreamScheme.HTTP) {
                httpConnect(upstream, host + ":" + port, socket.getOutputStream(), in);
            } else {
                socks5Connect(upstream, host, port, socket.getOutputStream(), in);
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("upstream did not answer within " + timeoutMillis + " ms", e);
        }
    }

    private static void httpConnect(Upstream upstream, String target, OutputStream out, Deadline in) throws IOException {
        StringBuilder request = new StringBuilder("CONNECT ").append(target).append(" HTTP/1.1\r\nHost: ")
                .append(target).append("\r\n");
        if (upstream.hasAuth()) {
            String token = upstream.username() + ":" + (upstream.password() == null ? "" : upstream.password());
            request.append("Proxy-Authorization: Basic ")
                    .append(Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        String statusLine = in.readLine();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
            throw new IOException("upstream answered CONNECT with something that is not HTTP");
        }
        if (parts[1].charAt(0) != '2') {
            throw new IOException("upstream answered CONNECT " + target + " with HTTP " + parts[1]
                    + (parts[1].equals("407") || parts[1].equals("401") ? " (upstream credentials refused)" : ""));
        }
    }

    private static void socks5Connect(Upstream upstream, String host, int port, OutputStream out, Deadline in)
            throws IOException {
        out.write(new byte[] {5, 1, (byte) (upstream.hasAuth() ? 2 : 0)});
        out.flush();
        int version = in.readByte();
        int method = in.readByte();
        if (version != 5) {
            throw new IOException("upstream is not a SOCKS5 server (version byte " + version + ")");
        }
        if (method == 0xFF || method != (upstream.hasAuth() ? 2 : 0)) {
            throw new IOException("SOCKS5 upstream accepts none of the offered auth methods ("
                    + (upstream.hasAuth() ? "username/password" : "no auth") + ")");
        }
        if (upstream.hasAuth()) {
            ByteArrayOutputStream auth = new ByteArrayOutputStream();
            auth.write(1);
            writeShortString(auth, upstream.username(), "username");
            writeShortString(auth, upstream.password() == null ? "" : upstream.password(), "password");
            out.write(auth.toByteArray());
            out.flush();
            in.readByte();
            if (in.readByte() != 0) {
                throw new IOException("SOCKS5 upstream refused the username/password");
            }
        }
        ByteArrayOutputStream connect = new ByteArrayOutputStream();
        connect.writeBytes(new byte[] {5, 1, 0, 3});
        writeShortString(connect, host, "target host");
        connect.write(port >> 8);
        connect.write(port & 0xFF);
        out.write(connect.toByteArray());
        out.flush();
        in.readByte();
        int reply = in.readByte();
        if (reply != 0) {
            throw new IOException(String.format("SOCKS5 upstream refused CONNECT %s:%d (reply 0x%02x)", host, port, reply));
        }
    }

    private static void writeShortString(ByteArrayOutputStream out, String value, String what) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 255) {
            throw new IOException("SOCKS5 " + what + " longer than 255 bytes");
        }
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    /** Reads with an overall deadline, so an upstream that drips one byte at a time cannot hold a probe thread. */
    private record Deadline(InputStream in, long deadlineNanos) {
        int readByte() throws IOException {
            if (System.nanoTime() > deadlineNanos) {
                throw new SocketTimeoutException("deadline passed");
            }
            int b = in.read();
            if (b < 0) {
                throw new IOException("upstream closed the connection during the handshake");
            }
            return b;
        }

        /** The first line of the answer (the rest of the head is left unread: the socket is closed anyway). */
        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = readByte(); b != '\n'; b = readByte()) {
                if (line.size() >= MAX_HEAD_BYTES) {
                    throw new IOException("upstream status line longer than " + MAX_HEAD_BYTES + " bytes");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
