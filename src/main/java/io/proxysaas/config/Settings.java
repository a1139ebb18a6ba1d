package io.proxysaas.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        return optional(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(key, v, "expected true or false");
        }).orElse(defaultValue);
    }

    /**
     * ISO-8601 ({@code PT15M}), a plain number of seconds ({@code 900}), or the unit form Camel's
     * timers take ({@code 250ms}, {@code 10s}, {@code 1m30s}, {@code 2h}, {@code 1d}), so that one
     * value of a property both read here and used as a route's timer period means the same in both.
     */
    public Duration duration(String key, Duration defaultValue) {
        return optional(key).map(v -> parseDuration(key, v)).orElse(defaultValue);
    }

    /** One number with its unit; the unit form is one or more of them ({@code 1m30s}). */
    private static final String UNIT_PART_REGEX = "(\\d{1,12})(ms|s|m|h|d)";
    private static final Pattern UNIT_PART = Pattern.compile(UNIT_PART_REGEX);
    private static final Pattern UNIT_FORM = Pattern.compile("(?:" + UNIT_PART_REGEX + ")+");

    /**
     * A property that is also a route's timer period ({@code timer:...?period={{key}}}): only the
     * unit form ({@code 1000ms}, {@code 1s}, {@code 1m30s}), which Camel's timer and this class read
     * alike. A bare number is refused because the timer would read it as milliseconds where every
     * other duration here is seconds; zero is refused because the timer would spin.
     */
    public Duration timerPeriod(String key, Duration defaultValue) {
        return optional(key).map(v -> {
            String lower = v.toLowerCase(Locale.ROOT);
            if (!UNIT_FORM.matcher(lower).matches()) {
                throw new ConfigException(key, v, "a timer period needs a unit, like 1000ms, 1s or 1m30s"
                        + (lower.matches("\\d+") ? " (a bare number would be milliseconds to the route's timer)" : ""));
            }
            Duration d = parseDuration(key, v);
            if (d.isZero()) {
                throw new ConfigException(key, v, "a timer period must be above zero");
            }
            return d;
        }).orElse(defaultValue);
    }

    public static Duration parseDuration(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.matches("\\d{1,18}")) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            if (UNIT_FORM.matcher(v).matches()) {
                Duration total = Duration.ZERO;
                Matcher part = UNIT_PART.matcher(v);
                while (part.find()) {
                    long n = Long.parseLong(part.group(1));
                    total = total.plus(switch (part.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    });
                }
                return total;
            }
            return Duration.parse(v.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw new ConfigException(key, value,
                    "expected a duration like 10s, 250ms, 1m30s, PT15M (ISO-8601) or a number of seconds");
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
