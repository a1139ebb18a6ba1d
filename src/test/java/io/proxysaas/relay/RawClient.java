package io.proxysaas.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A blocking test client speaking raw bytes (SOCKS5 steps, partial heads) with a read deadline. */
public final class RawClient implements AutoCloseable {

    public final Socket socket;

    public RawClient(int port) throws IOException {
        this(port, null);
    }

    RawClient(int port, String localIp) throws IOException {
        socket = new Socket();
        if (localIp != null) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(8000);
    }

    RawClient send(int... bytes) throws IOException {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return send(b);
    }

    RawClient send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    public RawClient send(String ascii) throws IOException {
        return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    byte[] read(int n) throws IOException {
        return socket.getInputStream().readNBytes(n);
    }

    /** Everything until the server closes (or the deadline throws). */
    byte[] readToEnd() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    /** Sends an HTTP CONNECT to 127.0.0.1:{@code targetPort} with Basic proxy credentials. */
    RawClient httpConnect(String user, String password, int targetPort) throws IOException {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return send("CONNECT 127.0.0.1:" + targetPort + " HTTP/1.1\r\nHost: 127.0.0.1:" + targetPort
                + "\r\nProxy-Authorization: Basic " + auth + "\r\n\r\n");
    }

    /** An HTTP head up to its blank line (at most 8 KiB), or what came before the server closed. */
    public String head() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < 8192) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            out.write(b);
            if (out.size() >= 4 && out.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** SOCKS5 greeting + RFC 1929 login; returns the auth status byte (0 = ok). */
    int socksLogin(String user, String password) throws IOException {
        sendSocksLogin(user, password);
        byte[] status = read(2);
        return status.length < 2 ? -1 : status[1];
    }

    /** SOCKS5 greeting, then the RFC 1929 login once the server picked it; the login's answer is not read. */
    RawClient sendSocksLogin(String user, String password) throws IOException {
        send(5, 1, 2);
        byte[] method = read(2);
        if (method.length < 2 || method[1] != 2) {
            throw new IOException("server did not pick user/pass");
        }
        byte[] u = user.getBytes(StandardCharsets.UTF_8);
        byte[] p = password.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream auth = new ByteArrayOutputStream();
        auth.write(1);
        auth.write(u.length);
        auth.writeBytes(u);
        auth.write(p.length);
        auth.writeBytes(p);
        return send(auth.toByteArray());
    }

    /** SOCKS5 CONNECT to 127.0.0.1:port; returns the reply code. */
    int socksConnect(int port) throws IOException {
        send(5, 1, 0, 1, 127, 0, 0, 1, port >> 8 & 0xFF, port & 0xFF);
        byte[] reply = read(10);
        return reply.length < 2 ? -1 : reply[1];
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
