package io.proxysaas.observe;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one line per finished connection (SPEC §5) to the {@code proxysaas.access} logger, which
 * {@code logback.xml} sends to {@code LOG_DIR/access.log}, rotated daily and by size, gzipped, kept
 * {@code ACCESS_LOG_DAYS} days. The relay's event loops only queue the connection's summary; one
 * writer thread formats what is queued and hands it to the logger as one batch every
 * {@code flushEvery} (default 250 ms), so a short connection neither wakes a thread nor spends its
 * event loop's time on text. With nothing queued the writer sleeps until a line comes (one wake-up
 * after a quiet spell, instead of ticking all night on an idle node). At most {@code maxPending} lines wait; a
 * writer that falls that far behind loses the newest and says how many in the application log.
 * {@link #close()} writes what is queued.
 */
public final class AccessLog implements ConnectionObserver, AutoCloseable {

    static final String LOGGER = "proxysaas.access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final Logger APP = LoggerFactory.getLogger(AccessLog.class);
    /** Lines reach the file at most this late; every tick is a thread wake-up (~0.1-0.2 ms of CPU on a small VM). */
    static final Duration DEFAULT_FLUSH = Duration.ofMillis(250);
    static final int DEFAULT_MAX_PENDING = 262_144;

    private final LineBatcher<ConnectionSummary> lines;
    private final Consumer<String> sink;
    private final long flushNanos;
    private final int maxPending;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;
    private volatile Thread writer;
    /** The writer sleeps with nothing queued: the next line wakes it. */
    private final AtomicBoolean idle = new AtomicBoolean();
    private long droppedReported;

    public AccessLog() {
        this(LOG::info, DEFAULT_FLUSH, DEFAULT_MAX_PENDING);
    }

    /**
     * @param sink receives batches of lines (joined by newlines, no trailing newline), on the writer
     *             thread; the default logs each as one event, which {@link AccessLineEncoder} writes
     */
    AccessLog(Consumer<String> sink, Duration flushEvery, int maxPending) {
        this.sink = sink;
        this.flushNanos = flushEvery.toNanos();
        this.maxPending = maxPending;
        this.lines = new LineBatcher<>(maxPending, AccessLog::format);
    }

    @Override
    public void closed(ConnectionSummary s) {
        if (closed || !LOG.isInfoEnabled()) {
            return;
        }
        lines.add(s); // formatted by the writer thread, off the event loop
        if (writer == null && started.compareAndSet(false, true)) {
            Thread t = new Thread(this::writeLoop, "access-log-writer");
            t.setDaemon(true);
            writer = t;
            t.start();
        } else if (idle.get() && idle.compareAndSet(true, false)) {
            LockSupport.unpark(writer); // the first line after a quiet spell
        }
    }

    /** The writer thread once the first line started it (tests look at its state). */
    Thread writerThread() {
        return writer;
    }

    /** Lines queued and not yet handed to the logger. */
    int pending() {
        return lines.pending();
    }

    private void writeLoop() {
        while (!closed) {
            LockSupport.parkNanos(this, flushNanos);
            flush();
            if (lines.pending() == 0) {
                idle.set(true);
                // a line queued before the flag was up saw no sleeper to wake: look again before sleeping
                if (lines.pending() == 0 && !closed) {
                    LockSupport.park(this); // until a line (or close) unparks; a stray wake-up just loops
                }
                idle.set(false);
            }
        }
    }

    /** Hands everything queued to the logger now (the writer thread, or {@link #close()} after it stopped). */
    private synchronized void flush() {
        try {
            lines.drainTo(text -> sink.accept(text.toString()));
        } catch (RuntimeException e) {
            APP.warn("writing the access log failed; the batch is lost", e);
        }
        long dropped = lines.dropped();
        if (dropped != droppedReported) {
            APP.warn("access log fell behind: {} lines dropped since start (more than {} waiting)", dropped,
                    maxPending);
            droppedReported = dropped;
        }
    }

    /** Stops the writer and writes what is still queued. */
    @Override
    public void close() {
        closed = true;
        Thread t = writer;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }

    /** Space-separated {@code key=value} pairs; values never contain spaces (grep/awk friendly). */
    public static String format(ConnectionSummary s) {
        StringBuilder b = new StringBuilder(256);
        format(s, b);
        return b.toString();
    }

    /** Appends the line of {@code s} (no newline). */
    static void format(ConnectionSummary s, StringBuilder b) {
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
        int n = Math.min(value.length(), 512);
        int clean = 0;
        while (clean < n && value.charAt(clean) > ' ' && value.charAt(clean) != 0x7f) {
            clean++;
        }
        b.append(value, 0, clean); // the usual case: the whole value at once
        for (int i = clean; i < n; i++) {
            char c = value.charAt(i);
            // a client-controlled target must not forge fields or lines
            b.append(c <= ' ' || c == 0x7f ? '_' : c);
        }
    }
}
