package io.proxysaas.enforce;

import io.proxysaas.access.AccessModule;
import io.proxysaas.access.ClusterLiveSockets;
import io.proxysaas.access.LiveSockets;
import io.proxysaas.access.SlowHashCheck;
import io.proxysaas.api.AdminApiModule;
import io.proxysaas.api.CustomerApiModule;
import io.proxysaas.config.Module;
import io.proxysaas.config.Settings;
import io.proxysaas.it.FreePorts;
import io.proxysaas.observe.ObserveModule;
import io.proxysaas.pool.PoolModule;
import io.proxysaas.relay.ExternalProxy;
import io.proxysaas.relay.RelayModule;
import io.proxysaas.security.PasswordHasher;
import io.proxysaas.state.StateModule;
import io.proxysaas.store.StoreModule;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.component.properties.PropertiesComponent;

import static org.awaitility.Awaitility.await;

/**
 * The whole product in-process with EnforceModule in its place (after State, before Access): a fresh
 * database, two pool ports in front of two tinyproxy upstreams, the worktree's routes/*.yaml, the API on
 * a free port. The cluster live count is this lone node's own {@link LiveSockets} (the usage capability's
 * cluster view is not part of this branch).
 */
final class EnforceGateway implements AutoCloseable {

    static final String TOKEN = "enforce-admin-token-0123456789";

    final TestDatabase db = TestDatabase.create();
    final List<ExternalProxy> upstreams;
    final Main main = new Main();
    final int portBase;
    final int apiPort = FreePorts.one();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    EnforceGateway(Path dir, Map<String, String> properties) throws Exception {
        upstreams = List.of(ExternalProxy.tinyproxy(dir, "up", "secret"), ExternalProxy.tinyproxy(dir, "up", "secret"));
        Path pool = dir.resolve("proxy.txt");
        Files.writeString(pool, upstreams.stream().map(u -> "http://up:secret@127.0.0.1:" + u.port + "\n")
                .reduce("", String::concat));
        portBase = FreePorts.consecutive(2);
        main.configure().addConfiguration(new Wiring());
        db.properties().forEach(main::addOverrideProperty);
        Map<String, String> defaults = Map.ofEntries(
                Map.entry("camel.server.enabled", "true"),
                Map.entry("camel.server.host", "127.0.0.1"),
                Map.entry("camel.server.port", String.valueOf(apiPort)),
                Map.entry("camel.main.routes-include-pattern", "file:" + Path.of("routes").toAbsolutePath() + "/*.yaml"),
                Map.entry("hazelcast.config", ""),
                Map.entry("hazelcast.cluster-name", "enforce-e2e-" + UUID.randomUUID()),
                Map.entry("pool.file", pool.toString()),
                Map.entry("pool.port-base", String.valueOf(portBase)),
                Map.entry("pool.bind", "127.0.0.1"),
                Map.entry("pool.public-host", "127.0.0.1"),
                Map.entry("paths.data-dir", dir.resolve("data").toString()),
                Map.entry("paths.log-dir", dir.resolve("logs").toString()),
                Map.entry("security.admin-token", TOKEN),
                Map.entry("security.password-iterations", "1000"),
                Map.entry("relay.node-name", "enforce-test"));
        defaults.forEach(main::addOverrideProperty);
        properties.forEach(main::addOverrideProperty);
        try {
            main.start();
            for (int port : List.of(portBase, portBase + 1)) {
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                    try (Socket s = new Socket("127.0.0.1", port)) {
                        return true;
                    }
                });
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    <T> T bean(Class<T> type) {
        return main.getCamelContext().getRegistry().findSingleByType(type);
    }

    HttpResponse<String> admin(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/admin" + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + TOKEN);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Creates a plan with {@code threads} and a customer on it with the given password. */
    void customer(String username, String password, int threads) throws Exception {
        String plan = "p-" + username;
        expect(admin("POST", "/plans", "{\"name\":\"" + plan + "\",\"threads\":" + threads + "}"), 201);
        expect(admin("POST", "/customers", "{\"username\":\"" + username + "\",\"plan\":\"" + plan
                + "\",\"password\":\"" + password + "\"}"), 201);
    }

    static HttpResponse<String> expect(HttpResponse<String> response, int status) {
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
            upstreams.forEach(ExternalProxy::close);
            db.close();
        }
    }

    /** The product's modules in order, with EnforceModule before AccessModule and a lone-node live count. */
    private static final class Wiring implements CamelConfiguration {
        @Override
        public void configure(CamelContext context) throws Exception {
            ((PropertiesComponent) context.getPropertiesComponent())
                    .setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
            Settings settings = new Settings(context);
            var registry = context.getRegistry();
            registry.bind("testClusterLive", ClusterLiveSockets.class, (ClusterLiveSockets) username -> {
                LiveSockets live = registry.findSingleByType(LiveSockets.class);
                return live == null ? 0 : live.total(username);
            });
            List<Module> modules = List.of(new StoreModule(), new StateModule(),
                    (c, s) -> c.getRegistry().bind("slowHashCheck", SlowHashCheck.class, (SlowHashCheck) PasswordHasher::verify),
                    new EnforceModule(), new AccessModule(), new ObserveModule(), new PoolModule(), new RelayModule(),
                    new AdminApiModule(), new CustomerApiModule());
            for (Module m : modules) {
                m.install(context, settings);
            }
        }
    }
}
