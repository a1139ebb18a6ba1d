package io.proxysaas.state;

import com.hazelcast.config.Config;
import com.hazelcast.instance.BuildInfoProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a Hazelcast config file, checking it against Hazelcast's config schema only when this exact
 * content has not passed that check on this node before.
 * <p>
 * The check catches misspelt keys that Hazelcast would otherwise ignore, but loading the schema
 * costs every start ~0.2 s of CPU plus as much again of JIT compilation, on the thread the whole
 * start-up waits for (about 0.8 s until the ports are bound on 2 cores, docs/PERFORMANCE.md). A file
 * whose content (with this Hazelcast version, whose schema it passed) is remembered in
 * {@code checkedDir} is loaded without it; any edit or upgrade checks it again. Without a writable
 * {@code checkedDir} every load checks.
 */
final class SchemaCheckedConfig {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaCheckedConfig.class);

    /** Hazelcast's own switch; it reads only system properties, so it is flipped around one load. */
    static final String VALIDATION_PROPERTY = "hazelcast.config.schema.validation.enabled";
    private static final Object PROPERTY_LOCK = new Object();

    private SchemaCheckedConfig() {
    }

    /** Loads {@code file}; {@code checkedDir} (may be null) remembers the contents that passed the check. */
    static Config load(Path file, Path checkedDir) throws IOException {
        Path marker = checkedDir == null ? null : checkedDir.resolve("hazelcast-config-" + fingerprint(file) + ".checked");
        if (marker != null && Files.isRegularFile(marker)) {
            return loadUnchecked(file);
        }
        Config config = Config.loadFromFile(file.toFile()); // checked (unless the operator turned the check off)
        if (marker != null) {
            remember(marker, file);
        }
        return config;
    }

    private static Config loadUnchecked(Path file) throws IOException {
        synchronized (PROPERTY_LOCK) {
            String before = System.getProperty(VALIDATION_PROPERTY);
            System.setProperty(VALIDATION_PROPERTY, "false");
            try {
                return Config.loadFromFile(file.toFile());
            } finally {
                if (before == null) {
                    System.clearProperty(VALIDATION_PROPERTY);
                } else {
                    System.setProperty(VALIDATION_PROPERTY, before);
                }
            }
        }
    }

    private static void remember(Path marker, Path file) {
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, file.toAbsolutePath() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.debug("cannot remember that {} passed Hazelcast's schema check ({}); it is checked on every start",
                    file, e.toString());
        }
    }

    /** SHA-256 of the Hazelcast version and the file's bytes, first 32 hex digits. */
    static String fingerprint(Path file) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(BuildInfoProvider.getBuildInfo().getVersion().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Files.readAllBytes(file));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
