package io.proxysaas.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-test HTTP CONNECT upstream that, unlike tinyproxy and microsocks, passes a half-close on in
 * both directions (EOF from one side becomes shutdownOutput towards the other), so the gateway's own
 * half-close handling can be observed end to end; it also counts what its connections did (accepted,
 * carried a tunnel, closed before sending a byte). Thread per connection; test use only.
 */
final class HalfCloseUpstream implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger tunnels = new AtomicInteger();
    final AtomicInteger closedUnused = new AtomicInteger();

    HalfCloseUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "half-close-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                accepted.incrementAndGet();
                Thread t = new Thread(() -> serve(client), "half-close-upstream-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try {
            InputStream in = client.getInputStream();
            int first = in.read();
            if (first < 0) {
                closedUnused.incrementAndGet();
                return;
            }
            String head = (char) first + readHead(in);
            String[] line = head.substring(0, head.indexOf("\r\n")).split(" ");
            int colon = line[1].lastIndexOf(':');
            Socket target = new Socket(line[1].substring(0, colon), Integer.parseInt(line[1].substring(colon + 1)));
            sockets.add(target);
            tunnels.incrementAndGet();
            client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread back = new Thread(() -> pump(target, client), "half-close-upstream-back");
            back.setDaemon(true);
            back.start();
            pump(client, target);
            back.join(10_000);
        } catch (Exception e) {
            // the test sees the effect (a closed tunnel)
        } finally {
            close(client);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0 || head.size() > 8192) {
                throw new IOException("no CONNECT head");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Copies until EOF, then passes the EOF on as a half-close. */
    private static void pump(Socket from, Socket to) {
        byte[] buf = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            close(to);
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(HalfCloseUpstream::close);
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
