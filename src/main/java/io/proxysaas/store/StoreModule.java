package io.proxysaas.store;

import io.proxysaas.config.BackgroundStart;
import io.proxysaas.config.Module;
import io.proxysaas.config.Settings;
import io.proxysaas.customer.CustomerRecords;
import io.proxysaas.customer.CustomerService;
import io.proxysaas.customer.PlanRepository;
import io.proxysaas.customer.PlanService;
import io.proxysaas.security.AdminTokenService;
import io.proxysaas.observe.ReadinessCheck;
import io.proxysaas.security.PasswordHasher;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the system of record: opens the {@link Database} (external or embedded, migrated), binds
 * the repositories and the record services, makes sure an admin token exists, and closes the
 * database when the CamelContext stops (after the routes, so in-flight calls finish).
 *
 * <p>Binds: {@code database} (Database), {@code dataSource} (DataSource), {@code planRepository},
 * {@code customerRecords} (CustomerRecords + CustomerRepository), {@code adminTokenRepository},
 * {@code auditTrail}, {@code passwordHasher}, {@code planService}, {@code customerService},
 * {@code adminTokenService} and the "database" readiness check. Uses a {@link Clock} from the
 * registry if one is bound.
 *
 * <p>{@link #prepare} opens the database (connection, Flyway) on its own thread and binds a
 * {@link StartingDataSource} as {@code dataSource} meanwhile, so the Hazelcast member can start
 * beside it with a DataSource for its MapStores; {@link #install} waits for the database and binds
 * the real one.
 */
public class StoreModule implements Module {

    private static final Logger LOG = LoggerFactory.getLogger(StoreModule.class);

    private BackgroundStart<Database> opening;

    @Override
    public AutoCloseable prepare(CamelContext context, Settings settings) {
        DatabaseConfig config = DatabaseConfig.from(settings);
        LOG.info("System of record: {}", config);
        opening = BackgroundStart.begin("database", () -> Database.open(config), Database::close);
        context.getRegistry().bind("dataSource", DataSource.class, new StartingDataSource(() -> opening.await().dataSource()));
        return opening;
    }

    @Override
    public void install(CamelContext context, Settings settings) throws Exception {
        Registry registry = context.getRegistry();
        Clock found = registry.findSingleByType(Clock.class);
        Clock clock = found != null ? found : Clock.systemUTC();
        if (opening == null) {
            DatabaseConfig config = DatabaseConfig.from(settings);
            LOG.info("System of record: {}", config);
            opening = BackgroundStart.inline("database", () -> Database.open(config), Database::close);
        }
        Database database = opening.take();
        context.addService(new DatabaseCloser(database), true, true);

        Records records = new Records(database.dataSource(), clock);
        PasswordHasher hasher = new PasswordHasher(
                settings.integer("security.password-iterations", PasswordHasher.DEFAULT_ITERATIONS));
        LateBoundChangeListener listener = new LateBoundChangeListener(registry);
        AdminTokenService adminTokens = new AdminTokenService(records.adminTokens(), clock);
        adminTokens.bootstrap(settings.string("security.admin-token", ""));

        registry.bind("database", Database.class, database);
        registry.bind("dataSource", DataSource.class, database.dataSource());
        registry.bind("planRepository", PlanRepository.class, records.plans());
        registry.bind("customerRecords", CustomerRecords.class, records.customers());
        registry.bind("adminTokenRepository", records.adminTokens());
        registry.bind("auditTrail", AuditTrail.class, records.audit());
        registry.bind("passwordHasher", PasswordHasher.class, hasher);
        registry.bind("planService", PlanService.class, new PlanService(records.plans(), listener));
        registry.bind("customerService", CustomerService.class, new CustomerService(records.customers(),
                records.plans(), hasher, clock, settings.integer("customers.max-ips", 50), listener));
        registry.bind("adminTokenService", AdminTokenService.class, adminTokens);
        registry.bind("databaseReadiness", ReadinessCheck.class, new DatabaseReadiness(database));
    }

    /** Closes the database when the CamelContext stops. */
    private static final class DatabaseCloser extends ServiceSupport {
        private final Database database;

        DatabaseCloser(Database database) {
            this.database = database;
        }

        @Override
        protected void doStop() {
            LOG.info("Closing the system of record ({})", database.url());
            database.close();
        }
    }
}
