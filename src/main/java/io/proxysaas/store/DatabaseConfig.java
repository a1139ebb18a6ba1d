package io.proxysaas.store;

import io.proxysaas.config.Settings;
import java.nio.file.Path;

/**
 * Where the system of record lives: an external MariaDB when {@code url} is set, else an embedded
 * one with its data in {@code dataDir}/mariadb/data and its binaries unpacked once into
 * {@code embeddedBaseDir} (default {@code dataDir}/mariadb/base). {@link #toString()} never shows the password.
 */
public record DatabaseConfig(String url, String user, String password, Path dataDir, Path embeddedBaseDir,
                             int embeddedPort, int poolSize) {

    public DatabaseConfig {
        if (embeddedBaseDir == null) {
            embeddedBaseDir = dataDir.resolve("mariadb").resolve("base");
        }
    }

    public static DatabaseConfig from(Settings settings) {
        return new DatabaseConfig(
                settings.string("db.url", ""),
                settings.string("db.user", "proxysaas"),
                settings.string("db.password", ""),
                Path.of(settings.string("paths.data-dir", "./data")),
                settings.optional("db.embedded.base-dir").map(Path::of).orElse(null),
                settings.integer("db.embedded.port", 0),
                settings.integer("db.pool-size", 8));
    }

    public boolean external() {
        return url != null && !url.isBlank();
    }

    @Override
    public String toString() {
        return external() ? "MariaDB " + url + " as " + user : "embedded MariaDB under " + dataDir.resolve("mariadb");
    }
}
