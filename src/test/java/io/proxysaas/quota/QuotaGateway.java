package io.proxysaas.quota;

import io.proxysaas.config.Module;
import io.proxysaas.config.ProxySaasConfiguration;
import io.proxysaas.config.Settings;
import io.proxysaas.observe.ObserveModule;
import io.proxysaas.it.FreePorts;
import io.proxysaas.observe.AccessLog;
import io.proxysaas.observe.ConnectionObserver;
import io.proxysaas.observe.ConnectionSummary;
import io.proxysaas.store.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.Main;

/**
 * The whole product in-process (camel-main, the product's modules in ProxySaasConfiguration's order
 * the YAML routes of this worktree) on free ports, a fresh test database and
 * a pool file of {@code ports} lines pointing at one upstream. Records every connection summary.
 */
final class QuotaGateway implements AutoCloseable {

    static final String TOKEN = "quota-test-admin-token-0123456789";
    static final ConcurrentLinkedQueue<ConnectionSummary> SUMMARIES = new ConcurrentLinkedQueue<>();

    /** The product's own modules, with the access log also recording every summary for the tests. */
    public static class Modules implements CamelConfiguration {
        @Override
        public void configure(CamelContext context) throws Exception {
            ((PropertiesComponent) context.getPropertiesComponent())
                    .setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
            Settings settings = new Settings(context);
            for (Module module : ProxySaasConfiguration.modules()) {
                if (module instanceof ObserveModule) {
                    ConnectionObserver log = new AccessLog();
                    context.getRegistry().bind("accessLog", ConnectionObserver.class, (ConnectionObserver) s -> {
                        SUMMARIES.add(s);
                        log.closed(s);
                    });
                } else {
                    module.install(context, settings);
                }
            }
        }
    }

    final TestDatabase db;
    final Main main;
    final int apiPort;
    final int portBase;
    final Path dir;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    QuotaGateway(Path dir, int upstreamPort, int ports, Map<String, String> extra) throws Exception {
        this.dir = dir;
        db = TestDatabase.create();
        apiPort = FreePorts.one();
        portBase = FreePorts.consecutive(ports);
        Path pool = dir.resolve("proxy.txt");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < ports; i++) {
            lines.append("http://up:secret@127.0.0.1:").append(upstreamPort).append('\n');
        }
        Files.writeString(pool, lines);
        Map<String, String> p = new LinkedHashMap<>(db.properties());
        p.put("camel.server.enabled", "true");
        p.put("camel.server.host", "127.0.0.1");
        p.put("camel.server.port", String.valueOf(apiPort));
        p.put("camel.main.routes-include-pattern", "file:routes/*.yaml");
        p.put("security.admin-token", TOKEN);
        p.put("security.password-iterations", "1000");
        p.put("hazelcast.cluster-name", "quota-" + UUID.randomUUID());
        p.put("pool.file", pool.toString());
        p.put("pool.port-base", String.valueOf(portBase));
        p.put("pool.bind", "127.0.0.1");
        p.put("pool.public-host", "127.0.0.1");
        p.put("pool.watch-interval", "3600");
        p.put("pool.probe.cron", "0 0 0 1 1 ? 2099");
        p.put("paths.data-dir", dir.resolve("data").toString());
        p.put("paths.log-dir", dir.resolve("logs").toString());
        p.put("relay.node-name", "quota-test");
        p.put("quota.reset-cron", "0 0 0 1 1 ? 2099");
        p.put("quota.reset-start-delay", "1h");
        p.put("quota.alert-cron", "* * * * * ?");
        p.putAll(extra);
        main = new Main();
        main.configure().addConfiguration(Modules.class);
        p.forEach(main::addOverrideProperty);
        main.start();
    }

    CamelContext context() {
        return main.getCamelContext();
    }

    <T> T bean(Class<T> type) {
        return context().getRegistry().findSingleByType(type);
    }

    HttpResponse<String> api(String method, String path, String apiKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .timeout(Duration.ofSeconds(10));
        if (apiKey == null) {
            b.header("Authorization", "Bearer " + TOKEN);
        } else {
            b.header("X-API-Key", apiKey);
        }
        if (method.equals("POST")) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            b.GET();
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        try {
            main.stop();
        } finally {
            db.close();
        }
    }
}
