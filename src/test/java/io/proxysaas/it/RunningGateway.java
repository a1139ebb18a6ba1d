package io.proxysaas.it;

import static org.awaitility.Awaitility.await;

import io.proxysaas.config.Module;
import io.proxysaas.config.ProxySaasConfiguration;
import io.proxysaas.config.Settings;
import io.proxysaas.observe.ConnectionObserver;
import io.proxysaas.observe.ConnectionSummary;
import io.proxysaas.observe.ObserveModule;
import io.proxysaas.store.TestDatabase;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.Main;

/**
 * The whole product in this JVM, exactly as {@code java -jar} wires it (ProxySaasConfiguration,
 * routes/*.yaml), on free ports, a fresh MariaDB database, a private Hazelcast cluster name and a
 * temp pool file; plus an admin HTTP client with the bootstrap token. {@link #on(Path)} sets it up
 * (extra properties, a shared database, a recorder of every connection summary).
 */
public final class RunningGateway implements AutoCloseable {

    public static final String TOKEN = "it-admin-token-0123456789";

    /**
     * The product's configuration, but deaf to environment variables (CI's DB_URL must not leak in).
     * Starts as the product does: every module prepared first (database, member and the relay's early
     * listening side by side), then installed in order.
     */
    public static class IsolatedConfiguration extends ProxySaasConfiguration {
        @Override
        public void configure(CamelContext context) throws Exception {
            ((PropertiesComponent) context.getPropertiesComponent())
                    .setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
            List<Module> observed = new ArrayList<>();
            for (Module module : modules()) {
                observed.add(new Module() {
                    @Override
                    public AutoCloseable prepare(CamelContext c, Settings settings) throws Exception {
                        return module.prepare(c, settings);
                    }

                    @Override
                    public void install(CamelContext c, Settings settings) throws Exception {
                        module.install(c, settings);
                        installed(module, c);
                    }
                });
            }
            install(context, new Settings(context), observed);
        }

        /** Called after each module installed its beans (a test may wrap one). */
        protected void installed(Module module, CamelContext context) {
        }
    }

    /** As {@link IsolatedConfiguration}, with the access log also handing every summary to a recorder. */
    private static final class RecordingConfiguration extends IsolatedConfiguration {
        private final Consumer<ConnectionSummary> recorder;

        RecordingConfiguration(Consumer<ConnectionSummary> recorder) {
            this.recorder = recorder;
        }

        @Override
        protected void installed(Module module, CamelContext context) {
            if (module instanceof ObserveModule) {
                ConnectionObserver log = context.getRegistry().findSingleByType(ConnectionObserver.class);
                context.getRegistry().bind("accessLog", ConnectionObserver.class, (ConnectionObserver) s -> {
                    recorder.accept(s);
                    log.closed(s);
                });
            }
        }
    }

    /** How to start one: the pool, properties over the defaults, a database, a recorder. */
    public static final class Builder {
        private final Path dir;
        private final List<String> poolLines = new ArrayList<>();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private TestDatabase db;
        private int portBase;
        private Consumer<ConnectionSummary> recorder;

        private Builder(Path dir) {
            this.dir = dir;
        }

        /** The lines of proxy.txt. */
        public Builder pool(List<String> lines) {
            poolLines.addAll(lines);
            return this;
        }

        /** {@code count} pool lines, each {@code http://user:password@127.0.0.1:upstreamPort}. */
        public Builder pool(int count, int upstreamPort, String user, String password) {
            for (int i = 0; i < count; i++) {
                poolLines.add("http://" + user + ":" + password + "@127.0.0.1:" + upstreamPort);
            }
            return this;
        }

        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public Builder properties(Map<String, String> more) {
            properties.putAll(more);
            return this;
        }

        /**
         * Runs on {@code database} (not closed by {@link #close()}) and the given ports: stopping one
         * and starting another on the same database and ports is a restart of the node.
         */
        public Builder database(TestDatabase database, int poolPortBase) {
            this.db = database;
            this.portBase = poolPortBase;
            return this;
        }

        /** Every connection summary of the access log also goes to {@code summaries}. */
        public Builder recordConnections(Consumer<ConnectionSummary> summaries) {
            this.recorder = summaries;
            return this;
        }

        public RunningGateway start() throws Exception {
            int api = freePort();
            if (db != null) {
                return new RunningGateway(this, db, false, portBase, api);
            }
            TestDatabase fresh = TestDatabase.create();
            try {
                return new RunningGateway(this, fresh, true, poolRunAvoiding(poolLines.size() + 2, api), api);
            } catch (Exception | Error e) {
                fresh.close();
                throw e;
            }
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

    private RunningGateway(Builder b, TestDatabase db, boolean ownsDb, int portBase, int apiPort) throws Exception {
        this.dir = b.dir;
        this.db = db;
        this.ownsDb = ownsDb;
        this.portBase = portBase;
        this.poolFile = dir.resolve("proxy.txt");
        Files.write(poolFile, b.poolLines);
        this.apiPort = apiPort;
        main = new Main();
        main.configure().addConfiguration(b.recorder == null ? new IsolatedConfiguration()
                : new RecordingConfiguration(b.recorder));
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
        b.properties.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception | Error e) {
            main.stop(); // a half-started product must not leave its member and threads behind
            throw e;
        }
    }

    /** Sets up a gateway whose files (pool, data, logs) live in {@code dir}. */
    public static Builder on(Path dir) {
        return new Builder(dir);
    }

    /** Starts the product with {@code poolLines} as proxy.txt on a fresh database. */
    public static RunningGateway start(Path dir, List<String> poolLines, Map<String, String> extra) throws Exception {
        return on(dir).pool(poolLines).properties(extra).start();
    }

    /** Starts the product on {@code db} (kept open) and the given ports: see {@link Builder#database}. */
    public static RunningGateway start(Path dir, TestDatabase db, int portBase, List<String> poolLines,
                                       Map<String, String> extra) throws Exception {
        return on(dir).database(db, portBase).pool(poolLines).properties(extra).start();
    }

    /** A run of free consecutive loopback ports for a pool of {@code count} lines. */
    public static int freePortBase(int count) {
        return freeRun(count);
    }

    public int port(int line) {
        return portBase + line - 1;
    }

    /** Waits until the first {@code lines} pool ports accept connections (listeners bind after start). */
    public RunningGateway awaitListening(int lines) {
        for (int line = 1; line <= lines; line++) {
            int port = port(line);
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    return true;
                }
            });
        }
        return this;
    }

    public CamelContext context() {
        return main.getCamelContext();
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

    /** {@code response}, or an AssertionError naming the status and body when its status is not {@code status}. */
    public static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError("expected " + status + ", got " + response.statusCode() + ": " + response.body());
        }
        return response;
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

    /** A free run of {@code count} ports that does not contain {@code taken} (a port chosen but not bound yet). */
    private static int poolRunAvoiding(int count, int taken) {
        for (int attempt = 0; attempt < 20; attempt++) {
            int base = freeRun(count);
            if (taken < base || taken >= base + count) {
                return base;
            }
        }
        throw new IllegalStateException("no run of " + count + " free ports without " + taken);
    }
}
