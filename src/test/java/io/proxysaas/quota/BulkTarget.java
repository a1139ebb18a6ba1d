package io.proxysaas.quota;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The origin behind the proxy: {@code /big} streams 10 MiB, {@code /small} answers {@code hello}. */
final class BulkTarget implements AutoCloseable {

    static final int BIG = 10 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);

    BulkTarget() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/big", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, BIG);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = ex.getResponseBody()) {
                for (int sent = 0; sent < BIG; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException cut) {
                // the proxy cut the download: expected in the quota tests
            }
        });
        server.createContext("/small", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, 5);
            try (OutputStream out = ex.getResponseBody()) {
                out.write("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
