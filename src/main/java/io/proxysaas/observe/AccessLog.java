package io.proxysaas.observe;

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
        b.append(DateTimeFormatter.ISO_INSTANT.format(s.start()));
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
