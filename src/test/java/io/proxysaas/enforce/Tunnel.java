package io.proxysaas.enforce;

import io.proxysaas.it.LoopbackSockets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A customer's HTTP CONNECT tunnel through a gateway port, opened with a raw socket from a chosen local IP. */
final class Tunnel implements AutoCloseable {

    final Socket socket;
    final String head;

    private Tunnel(Socket socket, String head) {
        this.socket = socket;
        this.head = head;
    }

    static Tunnel open(int gatewayPort, String localIp, String user, String password, int targetPort) throws IOException {
        Socket s = LoopbackSockets.connect(gatewayPort, localIp);
        try {
            String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().write(("CONNECT 127.0.0.1:" + targetPort + " HTTP/1.1\r\nHost: 127.0.0.1:" + targetPort
                    + "\r\nProxy-Authorization: Basic " + auth + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new Tunnel(s, readHead(s.getInputStream()));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The status code of the gateway's answer (200 = tunnel open). */
    int status() {
        String[] parts = head.split(" ", 3);
        return parts.length < 2 ? -1 : Integer.parseInt(parts[1]);
    }

    /** True when the gateway closed the tunnel (EOF or reset) before the read deadline. */
    boolean closedByServer() {
        return LoopbackSockets.closedByServer(socket);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && out.size() < 16_384) {
            out.write(b);
            byte[] sofar = out.toByteArray();
            int n = sofar.length;
            if (n >= 4 && sofar[n - 4] == '\r' && sofar[n - 3] == '\n' && sofar[n - 2] == '\r' && sofar[n - 1] == '\n') {
                break;
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
