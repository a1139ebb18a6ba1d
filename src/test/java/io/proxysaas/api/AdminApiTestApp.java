package io.proxysaas.api;

import io.proxysaas.config.Settings;
import io.proxysaas.store.StoreModule;
import io.proxysaas.it.FreePorts;
import io.proxysaas.store.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.Main;

/**
 * The product's camel-main with only StoreModule + AdminApiModule, on a free API port and a fresh
 * test database, plus a JDK HttpClient that speaks to it with the bootstrap admin token.
 */
final class AdminApiTestApp implements AutoCloseable {

    static final String TOKEN = "test-admin-token-0123456789";

    /** Installs the two modules under test, as ProxySaasConfiguration would. */
    public static class Modules implements CamelConfiguration {
        @Override
        public void configure(CamelContext context) throws Exception {
            // Camel lets DB_URL override db.url even over test properties; this app must use its own database
            ((PropertiesComponent) context.getPropertiesComponent())
                    .setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
            Settings settings = new Settings(context);
            new StoreModule().install(context, settings);
            new AdminApiModule().install(context, settings);
        }
    }

    final TestDatabase db;
    final Main main;
    final int port;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AdminApiTestApp() throws Exception {
        db = TestDatabase.create();
        port = freePort();
        main = new Main();
        main.configure().addConfiguration(Modules.class);
        db.properties().forEach(main::addOverrideProperty);
        main.addOverrideProperty("camel.server.enabled", "true");
        main.addOverrideProperty("camel.server.host", "127.0.0.1");
        main.addOverrideProperty("camel.server.port", String.valueOf(port));
        // only this test's modules: none of the ops routes in routes/*.yaml
        main.addOverrideProperty("camel.main.routes-include-pattern", "classpath:io/proxysaas/api/no-routes/*.yaml");
        main.addOverrideProperty("security.admin-token", TOKEN);
        main.addOverrideProperty("security.password-iterations", "1000");
        main.addOverrideProperty("customers.max-ips", "3");
        main.start();
    }

    <T> T bean(Class<T> type) {
        return main.getCamelContext().getRegistry().findSingleByType(type);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    HttpResponse<String> json(String method, String path, String body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE().build());
    }

    @Override
    public void close() {
        try {
            main.stop();
        } finally {
            db.close();
        }
    }

    private static int freePort() {
        return FreePorts.one();
    }
}
