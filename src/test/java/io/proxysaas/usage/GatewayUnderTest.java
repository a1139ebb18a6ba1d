package io.proxysaas.usage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.proxysaas.config.Module;
import io.proxysaas.config.ProductModules;
import io.proxysaas.config.Settings;
import io.proxysaas.it.FreePorts;
import io.proxysaas.store.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.Main;

/**
 * The whole product in this JVM (camel-main, every module, the routes of {@code routes/*.yaml}) on
 * free ports, a pool file in a temp folder and a test database; can be stopped and started again on
 * the same database and ports, like a restarted node.
 */
final class GatewayUnderTest implements AutoCloseable {

    static final String TOKEN = "usage-test-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Installs the product's modules, as ProxySaasConfiguration does. */
    public static class Wiring implements CamelConfiguration {
        @Override
        public void configure(CamelContext context) throws Exception {
            // Camel lets DB_URL override db.url even over test properties; this app must use its own database
            ((PropertiesComponent) context.getPropertiesComponent())
                    .setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
            Settings settings = new Settings(context);
            for (Module module : ProductModules.withUsage()) {
                module.install(context, settings);
            }
        }
    }

    final int portBase;
    final int apiPort;
    private final Path dir;
    private final TestDatabase db;
    private final String cluster = "gateway-test-" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Main main;

    /** {@code poolLines}: the lines of proxy.txt, the first bound to {@link #portBase}. */
    GatewayUnderTest(Path dir, TestDatabase db, String... poolLines) throws IOException {
        this.dir = dir;
        this.db = db;
        this.portBase = FreePorts.consecutive(poolLines.length);
        this.apiPort = FreePorts.one();
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve("proxy.txt"), String.join("\n", poolLines) + "\n");
    }

    GatewayUnderTest start() {
        main = new Main();
        main.configure().addConfiguration(Wiring.class);
        db.properties().forEach(main::addOverrideProperty);
        Map.ofEntries(
                Map.entry("camel.main.routes-include-pattern", "file:" + repo().resolve("routes") + "/*.yaml"),
                Map.entry("camel.main.duration-max-seconds", "0"),
                Map.entry("camel.server.enabled", "true"),
                Map.entry("camel.server.host", "127.0.0.1"),
                Map.entry("camel.server.port", String.valueOf(apiPort)),
                Map.entry("paths.data-dir", dir.resolve("data").toString()),
                Map.entry("paths.log-dir", dir.resolve("logs").toString()),
                Map.entry("pool.file", dir.resolve("proxy.txt").toString()),
                Map.entry("pool.port-base", String.valueOf(portBase)),
                Map.entry("pool.bind", "127.0.0.1"),
                Map.entry("pool.public-host", "127.0.0.1"),
                Map.entry("hazelcast.cluster-name", cluster),
                Map.entry("security.admin-token", TOKEN),
                Map.entry("security.password-iterations", "1000"),
                Map.entry("relay.node-name", "test-node")
        ).forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("the product did not start", e);
        }
        return this;
    }

    void stop() {
        if (main != null) {
            main.stop();
            main = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    <T> T bean(Class<T> type) {
        return main.getCamelContext().getRegistry().findSingleByType(type);
    }

    /** Creates a customer through the admin API; answers the issued fields (password, api_key). */
    Map<String, Object> createCustomer(String username, String plan) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(api("/api/admin/customers"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("username", username, "plan", plan))))
                .build());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating " + username + " answered " + r.statusCode() + ": " + r.body());
        }
        return json(r.body());
    }

    HttpResponse<String> admin(String path) throws Exception {
        return send(HttpRequest.newBuilder(api(path)).header("Authorization", "Bearer " + TOKEN).GET().build());
    }

    HttpResponse<String> customer(String path, String apiKey) throws Exception {
        return send(HttpRequest.newBuilder(api(path)).header("X-API-Key", apiKey).GET().build());
    }

    static Map<String, Object> json(String body) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = JSON.readValue(body, Map.class);
        return m;
    }

    static Object jsonAny(String body) throws IOException {
        return JSON.readValue(body, Object.class);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI api(String path) {
        return URI.create("http://127.0.0.1:" + apiPort + path);
    }

    /** The repository root (tests run from it; found by its pom.xml and routes/ folder). */
    static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("routes")))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("run the tests from the repository (no pom.xml with routes/ above "
                    + Path.of("").toAbsolutePath() + ")");
        }
        return p;
    }
}
