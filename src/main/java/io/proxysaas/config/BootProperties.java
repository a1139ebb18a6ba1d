package io.proxysaas.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code application.properties} read before Camel starts, for the little that must happen in the
 * first milliseconds of the process (listening on the pool's ports): a JVM system property of the
 * key's name wins, else the file's value with its {@code {{env:NAME:default}}} placeholders filled
 * in from the environment, which is how every key of the shipped file maps its environment variable.
 * <p>
 * Any other placeholder form is refused ({@link Unresolvable}) rather than guessed at. Whoever reads
 * settings this early compares them with Camel's own resolution later and lets Camel's win.
 */
public final class BootProperties {

    /** {@code {{env:NAME}}} or {@code {{env:NAME:default}}} (the default may be empty). */
    private static final Pattern ENV = Pattern.compile("\\{\\{env:([^:{}]+)(?::([^{}]*))?}}");

    private final Properties file;
    private final Function<String, String> environment;
    private final Function<String, String> systemProperties;

    BootProperties(Properties file, Function<String, String> environment, Function<String, String> systemProperties) {
        this.file = file;
        this.environment = environment;
        this.systemProperties = systemProperties;
    }

    /** The product's {@code application.properties} (class path), this process's environment and system properties. */
    public static Settings settings() {
        Properties file = new Properties();
        try (InputStream in = BootProperties.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                file.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read application.properties from the class path", e);
        }
        return new Settings(new BootProperties(file, System::getenv, System::getProperty)::resolve);
    }

    /** The value of {@code key}, or empty when neither a system property nor the file has it. */
    Optional<String> resolve(String key) {
        String own = systemProperties.apply(key);
        if (own != null) {
            return Optional.of(own);
        }
        String raw = file.getProperty(key);
        if (raw == null) {
            return Optional.empty();
        }
        Matcher m = ENV.matcher(raw);
        StringBuilder value = new StringBuilder();
        while (m.find()) {
            String fromEnv = environment.apply(m.group(1));
            String replacement = fromEnv != null ? fromEnv : m.group(2);
            if (replacement == null) {
                throw new Unresolvable(key, raw, "environment variable " + m.group(1) + " is not set and has no default");
            }
            m.appendReplacement(value, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(value);
        if (value.indexOf("{{") >= 0 || value.indexOf("}}") >= 0) {
            throw new Unresolvable(key, raw, "only {{env:NAME:default}} placeholders are resolved before Camel starts");
        }
        return Optional.of(value.toString());
    }

    /** A value this early reader cannot resolve; the message names the property and its text. */
    public static final class Unresolvable extends IllegalArgumentException {
        Unresolvable(String key, String raw, String reason) {
            super("property " + key + " = " + raw + ": " + reason);
        }
    }
}
