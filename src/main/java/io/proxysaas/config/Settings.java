package io.proxysaas.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.CamelContext;

/**
 * Typed reads of {@code application.properties} (where each key maps its environment variable).
 * A bad value fails start-up with a message naming the property and the value.
 */
public final class Settings {

    private final Function<String, Optional<String>> lookup;

    /** The properties as the Camel context resolves them (the product's settings once Camel runs). */
    public Settings(CamelContext context) {
        this(key -> context.getPropertiesComponent().resolveProperty(key));
    }

    /** The same typed reads over another source ({@link BootProperties}: before Camel starts; tests). */
    public Settings(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    public Optional<String> optional(String key) {
        return lookup.apply(key)
                .map(String::trim)
                .filter(v -> !v.isEmpty());
    }

    public String string(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    public int integer(String key, int defaultValue) {
        return optional(key).map(v -> parse(key, v, Integer::parseInt)).orElse(defaultValue);
    }

    public long longValue(String key, long defaultValue) {
        return optional(key).map(v -> parse(key, v, Long::parseLong)).orElse(defaultValue);
    }

    public boolean bool(String key, boolean defaultValue) {
        return optional(key).map(v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(key, v, "expected true or false");
        }).orElse(defaultValue);
    }

    /** ISO-8601 ({@code PT15M}) or a plain number of seconds ({@code 900}). */
    public Duration duration(String key, Duration defaultValue) {
        return optional(key).map(v -> parseDuration(key, v)).orElse(defaultValue);
    }

    public static Duration parseDuration(String key, String value) {
        String v = value.trim();
        try {
            if (v.matches("\\d+")) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            if (v.matches("\\d+ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            return Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new ConfigException(key, value, "expected an ISO-8601 duration like PT15M or a number of seconds");
        }
    }

    private static <T> T parse(String key, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "expected a number");
        }
    }

    /** A configuration value that cannot be used; the message names the property. */
    public static final class ConfigException extends IllegalArgumentException {
        public ConfigException(String key, String value, String reason) {
            super("property " + key + "=" + value + ": " + reason);
        }
    }
}
