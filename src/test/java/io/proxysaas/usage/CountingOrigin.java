package io.proxysaas.usage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A minimal HTTP origin on loopback whose answers are byte-exact and predictable:
 * {@code GET /down/N} answers N bytes, {@code POST /up} reads its Content-Length body and answers
 * {@code ok}. Every answer says {@code Connection: close} and the socket closes after it.
 */
final class CountingOrigin implements AutoCloseable {

    private final ServerSocket server;
    private final ExecutorService workers = Executors.newFixedThreadPool(8);

    CountingOrigin() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "counting-origin");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                workers.execute(() -> serve(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            String head = RawClients.readHead(in);
            String[] first = head.split("\r\n", 2)[0].split(" ");
            String path = first[1].replaceFirst("^http://[^/]+", "");
            byte[] body;
            if (first[0].equals("GET") && path.startsWith("/down/")) {
                body = RawClients.pattern(Integer.parseInt(path.substring("/down/".length())));
            } else if (first[0].equals("GET") && path.startsWith("/hold/")) {
                int n = Integer.parseInt(path.substring("/hold/".length()));
                // promises one byte more than it sends, so the tunnel stays open until the client goes away
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + (n + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(RawClients.pattern(n));
                out.flush();
                in.transferTo(OutputStream.nullOutputStream());
                return;
            } else if (first[0].equals("POST") && path.equals("/up")) {
                long length = RawClients.contentLength(head);
                body = (RawClients.skip(in, length) == length ? "ok" : "short").getBytes(StandardCharsets.US_ASCII);
            } else {
                body = "not found".getBytes(StandardCharsets.US_ASCII);
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            answer.writeBytes(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            answer.writeBytes(body);
            out.write(answer.toByteArray());
            out.flush();
        } catch (IOException | RuntimeException e) {
            // a client that went away: nothing to answer
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        workers.shutdownNow();
    }
}
