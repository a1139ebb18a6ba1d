package io.proxysaas.it;

import static org.awaitility.Awaitility.await;

import io.proxysaas.store.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The product as its own process ({@code java io.proxysaas.App}, the jar's main class, on this test
 * JVM's class path), configured only through the environment variables of the README's table, on a
 * test database, free ports and an embedded Hazelcast member of its own cluster. For what only a
 * real process shows: its JVM shutdown hooks on SIGTERM, its exit. Output goes to {@link #log}.
 */
public final class ProductProcess implements AutoCloseable {

    public static final String TOKEN = "proc-admin-token-0123456789";

    public final int portBase;
    public final int apiPort;
    public final Path log;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ProductProcess(Process process, int portBase, int apiPort, Path log) {
        this.process = process;
        this.portBase = portBase;
        this.apiPort = apiPort;
        this.log = log;
    }

    /** Starts it with {@code poolLines} as proxy.txt (under {@code dir}) and waits until {@code /ready} answers 200. */
    public static ProductProcess start(Path dir, TestDatabase db, List<String> poolLines) throws IOException {
        Path pool = dir.resolve("proxy.txt");
        Files.write(pool, poolLines);
        int portBase = FreePorts.consecutive(poolLines.size());
        int apiPort = FreePorts.one();
        Path log = dir.resolve("stdout.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.proxysaas.App")
                .directory(Path.of("").toAbsolutePath().toFile()) // routes/*.yaml, as from a checkout
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.clear(); // nothing of this JVM's environment (CI's DB_URL, HAZELCAST_CONFIG ...) leaks in
        env.putAll(Map.ofEntries(
                Map.entry("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")),
                Map.entry("POOL_FILE", pool.toString()),
                Map.entry("PORT_BASE", String.valueOf(portBase)),
                Map.entry("PORT_BIND", "127.0.0.1"),
                Map.entry("API_PORT", String.valueOf(apiPort)),
                Map.entry("API_BIND", "127.0.0.1"),
                Map.entry("PUBLIC_HOST", "proc.test"),
                Map.entry("DATA_DIR", dir.resolve("data").toString()),
                Map.entry("LOG_DIR", dir.resolve("logs").toString()),
                Map.entry("ADMIN_TOKEN", TOKEN),
                Map.entry("DB_URL", db.url()),
                Map.entry("DB_USER", db.user()),
                Map.entry("DB_PASSWORD", db.password()),
                Map.entry("HAZELCAST_CLUSTER", "proc-" + UUID.randomUUID())));
        ProductProcess started = new ProductProcess(pb.start(), portBase, apiPort, log);
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(started::ready);
            return started;
        } catch (RuntimeException e) {
            started.close();
            throw new IllegalStateException("the product did not become ready; its output:\n" + started.output(), e);
        }
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the product exited with " + process.exitValue());
        }
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** An admin API call with the bootstrap token. */
    public HttpResponse<String> admin(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends SIGTERM (what systemd, Ansible and {@code kill} send) and waits for the process to end;
     * answers its exit code. Fails when it is still running after {@code limit}.
     */
    public int terminate(Duration limit) throws InterruptedException {
        process.destroy(); // SIGTERM on Linux
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running " + limit + " after SIGTERM; its output:\n" + output());
        }
        return process.exitValue();
    }

    /**
     * The JVM's count of every thread it has started so far ({@code java.threads.started}, read with
     * {@code jcmd PerfCounter.print}): what shows a thread started per task, which a look at the live
     * threads misses because such threads end at once.
     */
    public long threadsStarted() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(process.pid()), "PerfCounter.print").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            jcmd.destroyForcibly();
            throw new IllegalStateException("jcmd " + process.pid() + " PerfCounter.print failed: " + out);
        }
        return out.lines().filter(l -> l.startsWith("java.threads.started="))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf('=') + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no java.threads.started in jcmd's answer: " + out));
    }

    /** Everything it printed so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Kills it if still running (a failed test must not leave it behind). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
