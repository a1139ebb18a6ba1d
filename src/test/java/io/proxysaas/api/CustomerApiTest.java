package io.proxysaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import io.proxysaas.access.AccessModule;
import io.proxysaas.access.AccessService;
import io.proxysaas.access.Admission;
import io.proxysaas.access.Credentials;
import io.proxysaas.access.SlowHashCheck;
import io.proxysaas.access.TestPbkdf2;
import io.proxysaas.config.Settings;
import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerRecords;
import io.proxysaas.customer.CustomerStatus;
import io.proxysaas.customer.Plan;
import io.proxysaas.it.FreePorts;
import io.proxysaas.observe.ReadinessCheck;
import io.proxysaas.pool.PoolEntry;
import io.proxysaas.pool.Upstream;
import io.proxysaas.pool.UpstreamHealth;
import io.proxysaas.pool.UpstreamPool;
import io.proxysaas.pool.UpstreamScheme;
import io.proxysaas.state.StateModule;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The customer and ops API served by camel-main on a free port, called with the JDK HttpClient. */
class CustomerApiTest {

    private static final Instant NOW = Instant.parse("2030-03-01T10:00:00Z");
    private static final Plan BASIC = new Plan("basic", 10, 0, 0, 0, 0, 0, 1L << 30, 30, 1000);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestReadiness EXTRA_CHECK = new TestReadiness();

    private static Main main;
    private static java.nio.file.Path routesDir;
    private static HazelcastInstance hazelcast;
    private static String base;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void boot() throws Exception {
        int port = FreePorts.one();
        base = "http://127.0.0.1:" + port;
        main = new Main();
        main.configure().addConfiguration(new TestWiring());
        main.addOverrideProperty("camel.server.enabled", "true");
        main.addOverrideProperty("camel.server.port", String.valueOf(port));
        main.addOverrideProperty("camel.server.host", "127.0.0.1");
        routesDir = java.nio.file.Files.createTempDirectory("no-routes");
        main.addOverrideProperty("camel.main.routes-include-pattern", "file:" + routesDir + "/*.yaml");
        main.addOverrideProperty("hazelcast.config", "");
        main.addOverrideProperty("hazelcast.cluster-name", "api-test-" + UUID.randomUUID());
        main.addOverrideProperty("pool.public-host", "proxy.example");
        main.start();
        hazelcast = main.getCamelContext().getRegistry().lookupByNameAndType("hazelcastInstance", HazelcastInstance.class);
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (main != null) {
            main.stop();
            assertThat(hazelcast.getLifecycleService().isRunning()).as("member left with the context").isFalse();
        }
        if (routesDir != null) {
            java.nio.file.Files.deleteIfExists(routesDir);
        }
    }

    @Test
    void should_list_only_bound_healthy_ports_as_text() throws Exception {
        HttpResponse<String> res = get("/api/proxies.php", "alice-key");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(res.body()).isEqualTo("proxy.example:4000\nproxy.example:4003\n");
        assertThat(res.headers().map().keySet()).as("the API key is never echoed")
                .noneMatch(h -> h.equalsIgnoreCase("X-API-Key"));
    }

    @Test
    void should_list_ports_as_json_on_the_v1_alias_with_the_key_in_the_query() throws Exception {
        HttpResponse<String> res = get("/api/v1/proxies?format=json&key=alice-key", null);

        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode list = JSON.readTree(res.body());
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("host").asText()).isEqualTo("proxy.example");
        assertThat(list.get(0).get("port").asInt()).isEqualTo(4000);
        assertThat(list.get(0).get("status").asText()).isEqualTo("up");
        assertThat(list.get(1).get("port").asInt()).isEqualTo(4003);
    }

    @Test
    void should_list_ports_with_the_username_in_auth_format() throws Exception {
        HttpResponse<String> res = get("/api/v1/proxies?format=auth", "alice-key");

        assertThat(res.body()).isEqualTo("proxy.example:4000:alice\nproxy.example:4003:alice\n");
    }

    @Test
    void should_give_an_expired_customer_an_empty_list() throws Exception {
        HttpResponse<String> res = get("/api/proxies.php", "olga-key");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEmpty();
    }

    @Test
    void should_refuse_a_missing_or_unknown_key_with_401_json() throws Exception {
        HttpResponse<String> missing = get("/api/proxies.php", null);
        HttpResponse<String> wrong = get("/api/proxies.php", "guess");

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(error(missing)).isEqualTo("unauthorized");
        assertThat(JSON.readTree(missing.body()).get("message").asText()).contains("X-API-Key");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).get("message").asText()).contains("unknown API key");
    }

    @Test
    void should_refuse_an_unknown_format_with_400_naming_the_field() throws Exception {
        HttpResponse<String> res = get("/api/v1/proxies?format=xml", "alice-key");

        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(error(res)).isEqualTo("bad_request");
        assertThat(JSON.readTree(res.body()).get("field").asText()).isEqualTo("format");
    }

    @Test
    void should_describe_the_customer_with_live_sockets_from_admission() throws Exception {
        AccessService access = main.getCamelContext().getRegistry().lookupByNameAndType("accessService", AccessService.class);
        Admission admission = access.admit(4000, new Credentials("alice", "secret"), InetAddress.getByName("127.0.0.1"));
        assertThat(admission).isInstanceOf(Admission.Grant.class);
        try {
            JsonNode me = JSON.readTree(get("/api/v1/me", "alice-key").body());

            assertThat(me.get("username").asText()).isEqualTo("alice");
            assertThat(me.get("plan").asText()).isEqualTo("basic");
            assertThat(me.get("status").asText()).isEqualTo("active");
            assertThat(me.get("expires_at").asText()).isEqualTo("2030-04-01T00:00:00Z");
            assertThat(me.get("ips").get(0).asText()).isEqualTo("10.0.0.0/8");
            assertThat(me.get("live_sockets").asInt()).isEqualTo(1);
        } finally {
            access.release((Admission.Grant) admission);
        }
        assertThat(JSON.readTree(get("/api/v1/me", "olga-key").body()).get("status").asText()).isEqualTo("expired");
    }

    @Test
    void should_answer_health_and_readiness_from_every_check() throws Exception {
        HttpResponse<String> health = get("/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("UP");

        HttpResponse<String> ready = get("/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(ready.body());
        assertThat(body.get("status").asText()).isEqualTo("READY");
        assertThat(body.get("checks").get("cluster").asText()).isEqualTo("UP");

        EXTRA_CHECK.problem = "database unreachable: connection refused";
        try {
            HttpResponse<String> notReady = get("/ready", null);
            assertThat(notReady.statusCode()).isEqualTo(503);
            JsonNode failing = JSON.readTree(notReady.body());
            assertThat(failing.get("status").asText()).isEqualTo("NOT_READY");
            assertThat(failing.get("checks").get("db").asText()).isEqualTo("database unreachable: connection refused");
        } finally {
            EXTRA_CHECK.problem = null;
        }
    }

    private static HttpResponse<String> get(String path, String apiKey) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET();
        if (apiKey != null) {
            req.header("X-API-Key", apiKey);
        }
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> res) throws Exception {
        return JSON.readTree(res.body()).get("error").asText();
    }

    /** Binds the in-test records, pool, hash check and readiness check, then installs the real modules. */
    public static final class TestWiring implements CamelConfiguration {
        @Override
        public void configure(CamelContext context) throws Exception {
            var registry = context.getRegistry();
            registry.bind("clock", Clock.class, Clock.fixed(NOW, ZoneOffset.UTC));
            registry.bind("records", CustomerRecords.class, new TestRecords());
            registry.bind("pool", UpstreamPool.class, new TestPool());
            registry.bind("slowHash", SlowHashCheck.class, new TestPbkdf2());
            registry.bind("dbReadiness", ReadinessCheck.class, EXTRA_CHECK);
            Settings settings = new Settings(context);
            new StateModule().install(context, settings);
            new AccessModule().install(context, settings);
            new CustomerApiModule().install(context, settings);
        }
    }

    private static final class TestRecords implements CustomerRecords {
        @Override
        public List<Plan> allPlans() {
            return List.of(BASIC);
        }

        @Override
        public List<Customer> allCustomers() {
            return List.of(
                    customer("alice", "alice-key", Instant.parse("2030-04-01T00:00:00Z")),
                    customer("olga", "olga-key", NOW));
        }

        private static Customer customer(String name, String apiKey, Instant expiresAt) {
            return new Customer(name, TestPbkdf2.hash("secret"), CustomerApiHandler.sha256Hex(apiKey), "basic",
                    expiresAt, CustomerStatus.ACTIVE, null, null,
                    name.equals("alice") ? List.of("10.0.0.0/8") : List.of(), null, NOW.minusSeconds(86_400));
        }
    }

    /** Four ports: 4000 bound+healthy, 4001 unhealthy, 4002 not bound, 4003 bound+healthy. */
    private static final class TestPool implements UpstreamPool {
        private final List<PoolEntry> entries = List.of(poolEntry(4000), poolEntry(4001), poolEntry(4002), poolEntry(4003));

        private static PoolEntry poolEntry(int port) {
            return new PoolEntry(port, port - 3999, new Upstream(UpstreamScheme.HTTP, "10.99.0.1", 8000 + port, "u", "p"));
        }

        @Override
        public Optional<PoolEntry> entry(int port) {
            return entries.stream().filter(e -> e.port() == port).findFirst();
        }

        @Override
        public Collection<PoolEntry> entries() {
            return entries;
        }

        @Override
        public UpstreamHealth health(int port) {
            return port == 4001 ? new UpstreamHealth(false, -1, NOW, "connect refused") : UpstreamHealth.UNKNOWN;
        }

        @Override
        public void reportSuccess(int port, long latencyMs) {
        }

        @Override
        public void reportFailure(int port, String error) {
        }

        @Override
        public boolean isBound(int port) {
            return !Set.of(4002).contains(port);
        }
    }

    private static final class TestReadiness implements ReadinessCheck {
        volatile String problem;

        @Override
        public String name() {
            return "db";
        }

        @Override
        public String problem() {
            return problem;
        }
    }
}
