package io.proxysaas.quota;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A blocking customer: HTTP CONNECT or SOCKS5 through the gateway, then raw bytes, counting what it moved. */
final class TunnelClient implements AutoCloseable {

    final Socket socket;
    long sent;
    long received;

    TunnelClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
        socket.setSoTimeout(20_000);
    }

    /** Sends CONNECT and returns the status line of the answer (the tunnel is open after a 200). */
    String connect(String user, String password, int targetPort) throws IOException {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        write("CONNECT 127.0.0.1:" + targetPort + " HTTP/1.1\r\nHost: 127.0.0.1:" + targetPort
                + "\r\nProxy-Authorization: Basic " + auth + "\r\n\r\n");
        String head = readHead();
        return head.lines().findFirst().orElse("");
    }

    /** SOCKS5 greeting, RFC 1929 login and CONNECT: returns the CONNECT reply code (or the failed login status + 0x100). */
    int socks(String user, String password, int targetPort) throws IOException {
        socket.getOutputStream().write(new byte[]{5, 1, 2});
        byte[] method = socket.getInputStream().readNBytes(2);
        byte[] u = user.getBytes(StandardCharsets.UTF_8);
        byte[] p = password.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        a.write(1);
        a.write(u.length);
        a.writeBytes(u);
        a.write(p.length);
        a.writeBytes(p);
        socket.getOutputStream().write(a.toByteArray());
        byte[] status = socket.getInputStream().readNBytes(2);
        if (method.length < 2 || status.length < 2 || status[1] != 0) {
            return 0x100 + (status.length < 2 ? 0xff : status[1]);
        }
        socket.getOutputStream().write(new byte[]{5, 1, 0, 1, 127, 0, 0, 1, (byte) (targetPort >> 8), (byte) targetPort});
        byte[] reply = socket.getInputStream().readNBytes(10);
        return reply.length < 2 ? -1 : reply[1];
    }

    /** A plain-HTTP proxy request (absolute URI) for {@code path} on the target, read until the gateway closes. */
    long plainGet(String user, String password, int targetPort, String path) throws IOException {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        write("GET http://127.0.0.1:" + targetPort + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + targetPort
                + "\r\nProxy-Authorization: Basic " + auth + "\r\nConnection: close\r\n\r\n");
        return readToEnd();
    }

    /** GET {@code path} through the open tunnel and read until the gateway or the origin closes. */
    long download(String path) throws IOException {
        write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        return readToEnd();
    }

    long readToEnd() throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[64 * 1024];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                received += n;
            }
        } catch (SocketException reset) {
            // a cut tunnel may end with a reset instead of a FIN
        }
        return received;
    }

    /** Whether the gateway closed this socket: the next read sees EOF or a reset within the socket timeout. */
    boolean closedByPeer() throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketException reset) {
            return true;
        }
    }

    void write(String ascii) throws IOException {
        byte[] b = ascii.getBytes(StandardCharsets.ISO_8859_1);
        socket.getOutputStream().write(b);
        socket.getOutputStream().flush();
        sent += b.length;
    }

    private String readHead() throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        for (int i = 0; i < 16_384; i++) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
