package io.proxysaas.relay;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Executors;

/**
 * The origin behind the proxies: {@code /big} serves 10 MiB of deterministic bytes, {@code /upload}
 * answers the SHA-256 of what it received, {@code /small} answers {@code hello}.
 */
public final class TargetServer implements AutoCloseable {

    public static final int BIG = 10 * 1024 * 1024;

    private final HttpServer server;

    public TargetServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/big", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, BIG);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bigBody());
            }
        });
        server.createContext("/upload", ex -> {
            String hash;
            try (InputStream in = ex.getRequestBody()) {
                hash = sha256(in.readAllBytes());
            }
            byte[] answer = hash.getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, answer.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(answer);
            }
        });
        server.createContext("/small", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] answer = "hello".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, answer.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    private static byte[] cached;

    public static synchronized byte[] bigBody() {
        if (cached == null) {
            cached = new byte[BIG];
            long x = 0x9E3779B97F4A7C15L;
            for (int i = 0; i < BIG; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                cached[i] = (byte) x;
            }
        }
        return cached;
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
