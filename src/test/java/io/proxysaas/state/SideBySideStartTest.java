package io.proxysaas.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.proxysaas.config.Module;
import io.proxysaas.config.ProxySaasConfiguration;
import io.proxysaas.config.Settings;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.it.FreePorts;
import io.proxysaas.observe.ReadinessCheck;
import io.proxysaas.store.Database;
import io.proxysaas.store.StoreException;
import io.proxysaas.store.StoreModule;
import io.proxysaas.store.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database and the Hazelcast member start side by side, and neither hides the other's failure. */
class SideBySideStartTest {

    private static TestDatabase db;

    @BeforeAll
    static void database() {
        db = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void should_start_database_and_member_together_and_give_the_member_a_working_datasource(@TempDir Path dir)
            throws Exception {
        String cluster = "side-" + UUID.randomUUID();
        DefaultCamelContext context = context(dir, db.properties(), cluster);
        try {
            ProxySaasConfiguration.install(context, new Settings(context), List.<Module>of(new StoreModule(), new StateModule()));
            context.start();

            Database database = context.getRegistry().findSingleByType(Database.class);
            assertThat(context.getRegistry().findSingleByType(DataSource.class))
                    .as("after install the real pool is bound, not the stand-in").isSameAs(database.dataSource());
            HazelcastInstance member = context.getRegistry().findSingleByType(HazelcastInstance.class);
            DataSource forMapStores = (DataSource) member.getUserContext().get(HazelcastNode.DATA_SOURCE);
            try (Connection c = forMapStores.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM plans")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(4);
            }
            assertThat(context.getRegistry().findSingleByType(CustomerDirectory.class).plans()).hasSize(4);
            assertThat(context.getRegistry().findByType(ReadinessCheck.class))
                    .extracting(ReadinessCheck::name, ReadinessCheck::problem)
                    .contains(org.assertj.core.groups.Tuple.tuple("database", null),
                            org.assertj.core.groups.Tuple.tuple("cluster", null));
        } finally {
            context.stop();
        }
        assertThat(members(cluster)).isEmpty();
    }

    @Test
    void should_fail_the_start_with_the_database_message_and_stop_the_member_started_beside_it(@TempDir Path dir) {
        String cluster = "side-" + UUID.randomUUID();
        int closedPort = FreePorts.one();
        String url = "jdbc:mariadb://127.0.0.1:" + closedPort + "/proxysaas";
        DefaultCamelContext context = context(dir,
                Map.of("db.url", url, "db.user", "nobody", "db.password", "wrong"), cluster);

        assertThatThrownBy(() -> ProxySaasConfiguration.install(context, new Settings(context),
                List.<Module>of(new StoreModule(), new StateModule())))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot connect to " + url)
                .hasMessageContaining("DB_URL");

        await().atMost(Duration.ofSeconds(30)).until(() -> members(cluster).isEmpty());
    }

    @Test
    void should_fail_the_start_naming_the_hazelcast_config_when_the_database_is_fine(@TempDir Path dir) {
        String cluster = "side-" + UUID.randomUUID();
        Path missing = dir.resolve("missing-hazelcast.yaml");
        Map<String, String> props = new java.util.HashMap<>(db.properties());
        props.put("hazelcast.config", missing.toString());
        DefaultCamelContext context = context(dir, props, cluster);

        try {
            assertThatThrownBy(() -> ProxySaasConfiguration.install(context, new Settings(context),
                    List.<Module>of(new StoreModule(), new StateModule())))
                    .hasMessageContaining(missing.toAbsolutePath().toString())
                    .hasMessageContaining("HAZELCAST_CONFIG");
        } finally {
            context.stop(); // the database was taken over by the store module: the context closes it
        }
    }

    private static DefaultCamelContext context(Path dir, Map<String, String> db, String cluster) {
        Properties props = new Properties();
        props.putAll(db);
        props.setProperty("paths.data-dir", dir.toString());
        props.setProperty("hazelcast.cluster-name", cluster);
        props.setProperty("security.admin-token", "side-by-side-token-0123456789");
        props.setProperty("security.password-iterations", "1000");
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(props);
        ((PropertiesComponent) context.getPropertiesComponent())
                .setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
        return context;
    }

    private static List<HazelcastInstance> members(String cluster) {
        return Hazelcast.getAllHazelcastInstances().stream()
                .filter(h -> cluster.equals(h.getConfig().getClusterName()))
                .toList();
    }
}
