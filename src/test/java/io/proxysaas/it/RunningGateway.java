package io.proxysaas.it;

import io.proxysaas.config.Module;
import io.proxysaas.config.ProxySaasConfiguration;
import io.proxysaas.config.Settings;
import io.proxysaas.store.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.Main;

/**
 * The whole product in this JVM, exactly as {@code java -jar} wires it (ProxySaasConfiguration,
 * routes/*.yaml), on free ports, a fresh MariaDB database, a private Hazelcast cluster name and a
 * temp pool file; plus an admin HTTP client with the bootstrap token.
 */
public final class RunningGateway implements AutoCloseable {

    public static final String TOKEN = "it-admin-token-0123456789";

    /** The product's configuration, but deaf to environment variables (CI's DB_URL must not leak in). */
    public static class IsolatedConfiguration extends ProxySaasConfiguration {
        @Override
        public void configure(CamelContext context) throws Exception {
            ((PropertiesComponent) context.getPropertiesComponent())
                    .setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
            super.configure(context);
        }
    }

    public final Path dir;
    public final Path poolFile;
    public final int portBase;
    public final int apiPort;
    private final TestDatabase db;
    private final boolean ownsDb;
    private final Main main;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningGateway(Path dir, TestDatabase db, boolean ownsDb, int portBase, List<String> poolLines,
                           Map<String, String> extra) throws Exception {
        this.dir = dir;
        this.db = db;
        this.ownsDb = ownsDb;
        this.portBase = portBase;
        this.poolFile = dir.resolve("proxy.txt");
        Files.write(poolFile, poolLines);
        this.apiPort = freePort();
        main = new Main();
        main.configure().addConfiguration(IsolatedConfiguration.class);
        db.properties().forEach(main::addOverrideProperty);
        Map.ofEntries(
                Map.entry("camel.main.routes-include-pattern", "file:" + Path.of("routes").toAbsolutePath() + "/*.yaml"),
                Map.entry("camel.server.host", "127.0.0.1"),
                Map.entry("camel.server.port", String.valueOf(apiPort)),
                Map.entry("pool.file", poolFile.toString()),
                Map.entry("pool.port-base", String.valueOf(portBase)),
                Map.entry("pool.bind", "127.0.0.1"),
                Map.entry("pool.public-host", "gw.test"),
                Map.entry("paths.data-dir", dir.resolve("data").toString()),
                Map.entry("paths.log-dir", dir.resolve("logs").toString()),
                Map.entry("hazelcast.cluster-name", "it-" + UUID.randomUUID()),
                Map.entry("security.admin-token", TOKEN),
                Map.entry("security.password-iterations", "1000"),
                Map.entry("relay.node-name", "it-node")).forEach(main::addOverrideProperty);
        extra.forEach(main::addOverrideProperty);
        main.start();
    }

    /** Starts the product with {@code poolLines} as proxy.txt on a fresh database. */
    public static RunningGateway start(Path dir, List<String> poolLines, Map<String, String> extra) throws Exception {
        TestDatabase db = TestDatabase.create();
        try {
            return new RunningGateway(dir, db, true, freeRun(poolLines.size() + 2), poolLines,
                    extra);
        } catch (Exception | Error e) {
            db.close();
            throw e;
        }
    }

    /**
     * Starts the product on {@code db} (not closed by {@link #close()}) and the given ports: stopping
     * one and starting another on the same database and ports is a restart of the node.
     */
    public static RunningGateway start(Path dir, TestDatabase db, int portBase, List<String> poolLines,
                                       Map<String, String> extra) throws Exception {
        return new RunningGateway(dir, db, false, portBase, poolLines, extra);
    }

    /** A run of free consecutive loopback ports for a pool of {@code count} lines. */
    public static int freePortBase(int count) {
        return freeRun(count);
    }

    public int port(int line) {
        return portBase + line - 1;
    }

    public <T> T bean(Class<T> type) {
        return main.getCamelContext().getRegistry().findSingleByType(type);
    }

    public HttpResponse<String> admin(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(api(path)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + TOKEN);
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(api(path)).timeout(Duration.ofSeconds(15)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public URI api(String path) {
        return URI.create("http://127.0.0.1:" + apiPort + path);
    }

    @Override
    public void close() {
        try {
            main.stop();
        } finally {
            if (ownsDb) {
                db.close();
            }
        }
    }

    static int freePort() {
        return FreePorts.one();
    }

    static int freeRun(int count) {
        return FreePorts.consecutive(count);
    }
}
