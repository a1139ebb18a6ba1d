package io.proxysaas.observe;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one line per finished connection (SPEC §5) to the {@code proxysaas.access} logger, which
 * {@code logback.xml} sends through a non-blocking async appender to {@code LOG_DIR/access.log},
 * rotated daily and by size, gzipped, kept {@code ACCESS_LOG_DAYS} days.
 */
public final class AccessLog implements ConnectionObserver {

    static final String LOGGER = "proxysaas.access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    @Override
    public void closed(ConnectionSummary s) {
        if (LOG.isInfoEnabled()) {
            LOG.info(format(s));
        }
    }

    /** Space-separated {@code key=value} pairs; values never contain spaces (grep/awk friendly). */
    public static String format(ConnectionSummary s) {
        StringBuilder b = new StringBuilder(256);
        instant(b, s.start());
        field(b, "node", s.node());
        b.append(" port=").append(s.port());
        field(b, "proto", s.protocol());
        field(b, "user", s.username());
        field(b, "client", s.clientIp());
        field(b, "target", s.target());
        field(b, "upstream", s.upstream());
        b.append(" in=").append(s.bytesIn());
        b.append(" out=").append(s.bytesOut());
        b.append(" ms=").append(s.durationMs());
        field(b, "close", s.closeReason());
        return b.toString();
    }

    /**
     * Exactly what {@link DateTimeFormatter#ISO_INSTANT} prints (fraction in groups of 3 digits, none
     * when zero), without its formatter machinery: one line per connection makes this hot.
     */
    static void instant(StringBuilder b, Instant t) {
        long seconds = t.getEpochSecond();
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        if (date.getYear() < 1000 || date.getYear() > 9999) {
            DateTimeFormatter.ISO_INSTANT.formatTo(t, b);
            return;
        }
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        b.append(date.getYear()).append('-');
        two(b, date.getMonthValue());
        b.append('-');
        two(b, date.getDayOfMonth());
        b.append('T');
        two(b, secondOfDay / 3600);
        b.append(':');
        two(b, secondOfDay / 60 % 60);
        b.append(':');
        two(b, secondOfDay % 60);
        int nano = t.getNano();
        if (nano != 0) {
            b.append('.');
            if (nano % 1_000_000 == 0) {
                digits(b, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                digits(b, nano / 1000, 6);
            } else {
                digits(b, nano, 9);
            }
        }
        b.append('Z');
    }

    private static void two(StringBuilder b, int value) {
        b.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    private static void digits(StringBuilder b, int value, int width) {
        for (int div = width == 3 ? 100 : width == 6 ? 100_000 : 100_000_000; div > 0; div /= 10) {
            b.append((char) ('0' + value / div % 10));
        }
    }

    private static void field(StringBuilder b, String key, String value) {
        b.append(' ').append(key).append('=');
        if (value == null || value.isEmpty()) {
            b.append('-');
            return;
        }
        for (int i = 0; i < value.length() && i < 512; i++) {
            char c = value.charAt(i);
            // a client-controlled target must not forge fields or lines
            b.append(c <= ' ' || c == 0x7f ? '_' : c);
        }
    }
}
