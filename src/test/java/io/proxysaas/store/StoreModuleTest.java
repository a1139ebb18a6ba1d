package io.proxysaas.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxysaas.config.Settings;
import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerChangeListener;
import io.proxysaas.customer.CustomerRecords;
import io.proxysaas.customer.Plan;
import io.proxysaas.customer.CustomerService;
import io.proxysaas.customer.PlanService;
import io.proxysaas.security.AdminToken;
import io.proxysaas.security.AdminTokenRepository;
import io.proxysaas.security.AdminTokenService;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The product's default: no DB_URL -> an embedded MariaDB under the data dir, stopped with the context. */
class StoreModuleTest {

    @Test
    void should_run_the_embedded_mariadb_bind_the_beans_and_stop_with_the_context(@TempDir Path dataDir)
            throws Exception {
        Properties props = new Properties();
        props.setProperty("paths.data-dir", dataDir.toString());
        props.setProperty("db.url", "");
        props.setProperty("db.embedded.base-dir", TestDatabase.embeddedBaseDir().toString());
        props.setProperty("db.embedded.port", "0");
        props.setProperty("security.admin-token", "");
        props.setProperty("security.password-iterations", "1000");
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(props);
        // Camel lets DB_URL override db.url; this test is about the embedded default even in CI
        ((PropertiesComponent) context.getPropertiesComponent())
                .setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
        int port;
        try {
            new StoreModule().install(context, new Settings(context));
            List<String> changes = new CopyOnWriteArrayList<>();
            context.getRegistry().bind("stateListener", CustomerChangeListener.class, new CustomerChangeListener() {
                public void customerChanged(Customer c) { changes.add("customer " + c.username()); }
                public void customerRemoved(String username) { changes.add("removed " + username); }
                public void planChanged(Plan p) { changes.add("plan " + p.name()); }
                public void planRemoved(String name) { changes.add("plan removed " + name); }
            });
            context.start();

            Database database = context.getRegistry().findSingleByType(Database.class);
            assertThat(database.embedded()).isTrue();
            assertThat(Files.isDirectory(dataDir.resolve("mariadb/data"))).isTrue();
            assertThat(context.getRegistry().findSingleByType(DataSource.class)).isSameAs(database.dataSource());
            assertThat(context.getRegistry().findSingleByType(PlanService.class).list()).hasSize(4);
            assertThat(context.getRegistry().findSingleByType(CustomerRecords.class).allCustomers()).isEmpty();
            assertThat(context.getRegistry().findSingleByType(CustomerService.class)).isNotNull();
            assertThat(context.getRegistry().findSingleByType(AuditTrail.class)).isNotNull();
            assertThat(context.getRegistry().findSingleByType(AdminTokenService.class)).isNotNull();
            assertThat(context.getRegistry().findSingleByType(AdminTokenRepository.class).findAll())
                    .extracting(AdminToken::name).containsExactly("bootstrap");
            context.getRegistry().findSingleByType(PlanService.class).create(new Plan("Late", 1, 0, 0, 0, 0, 0, 0, 30, 0));
            assertThat(changes).as("a listener bound after the store module still hears changes")
                    .containsExactly("plan Late");
            port = Integer.parseInt(database.url().replaceAll(".*:(\\d+)/.*", "$1"));
            assertThat(listening(port)).isTrue();
        } finally {
            context.stop();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !listening(port));
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
