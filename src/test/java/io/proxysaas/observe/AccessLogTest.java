package io.proxysaas.observe;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AccessLogTest {

    @Test
    void should_write_every_spec_field_as_key_value() {
        ConnectionSummary s = new ConnectionSummary(Instant.parse("2026-11-26T10:00:00.123Z"), "node-1", 4000,
                "http-connect", "alice", "10.0.0.7", "example.com:443", "http://up@192.0.2.1:3128",
                1234, 56789, 250, "client_closed");
        assertThat(AccessLog.format(s)).isEqualTo("2026-11-26T10:00:00.123Z node=node-1 port=4000 proto=http-connect"
                + " user=alice client=10.0.0.7 target=example.com:443 upstream=http://up@192.0.2.1:3128"
                + " in=1234 out=56789 ms=250 close=client_closed");
    }

    @Test
    void should_neutralise_client_controlled_spaces_and_newlines() {
        ConnectionSummary s = new ConnectionSummary(Instant.EPOCH, "n", 4001, "http", null, "::1",
                "evil.com:80\nuser=admin in=0", null, 0, 0, 0, "refused:auth_required");
        String line = AccessLog.format(s);
        assertThat(line).doesNotContain("\n").contains("target=evil.com:80_user=admin_in=0").contains("user=-");
        assertThat(line.split(" ")).hasSize(12);
    }

    @Test
    void should_print_start_times_exactly_as_iso_instant() {
        java.util.Random random = new java.util.Random(42);
        java.util.List<Instant> samples = new java.util.ArrayList<>(java.util.List.of(Instant.EPOCH,
                Instant.parse("2026-11-26T10:00:00Z"), Instant.parse("2024-02-29T23:59:59.999999999Z"),
                Instant.parse("2026-01-01T00:00:00.000001Z"), Instant.parse("2026-01-01T00:00:00.100Z"),
                Instant.parse("1969-12-31T23:59:59.5Z"), Instant.parse("0999-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-06-15T12:30:00.25Z")));
        for (int i = 0; i < 2000; i++) {
            long second = random.nextLong() % 300_000_000_000L;
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            samples.add(Instant.ofEpochSecond(second, nano));
        }
        for (Instant t : samples) {
            StringBuilder b = new StringBuilder();
            AccessLog.instant(b, t);
            assertThat(b.toString()).as("epoch second %d nano %d", t.getEpochSecond(), t.getNano())
                    .isEqualTo(java.time.format.DateTimeFormatter.ISO_INSTANT.format(t));
        }
    }

    @Test
    void should_write_queued_lines_in_batches_from_its_own_thread_and_flush_on_close() {
        List<String> batches = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        AccessLog log = new AccessLog(batch -> {
            batches.add(batch);
            threads.add(Thread.currentThread().getName());
        }, Duration.ofMillis(20), 1000);
        ConnectionSummary s = new ConnectionSummary(Instant.EPOCH, "n", 4001, "http", "bob", "::1",
                "a:80", null, 1, 2, 3, "client_closed");
        log.closed(s);
        log.closed(s);
        await().atMost(Duration.ofSeconds(5)).until(() -> String.join("\n", batches).split("\n").length == 2);
        assertThat(threads).allMatch("access-log-writer"::equals);
        assertThat(String.join("\n", batches)).isEqualTo(AccessLog.format(s) + "\n" + AccessLog.format(s));
        log.closed(s);
        log.close();
        assertThat(String.join("\n", batches).split("\n")).hasSize(3);
        assertThat(log.pending()).isZero();
        log.closed(s); // after close: ignored, not queued for ever
        assertThat(log.pending()).isZero();
    }

    @Test
    void should_keep_writing_after_the_sink_failed_once() {
        List<String> batches = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        AccessLog log = new AccessLog(batch -> {
            if (failed.compareAndSet(false, true)) {
                throw new IllegalStateException("disk full");
            }
            batches.add(batch);
        }, Duration.ofMillis(10), 1000);
        ConnectionSummary s = new ConnectionSummary(Instant.EPOCH, "n", 4001, "http", "bob", "::1",
                "a:80", null, 1, 2, 3, "client_closed");
        log.closed(s);
        await().atMost(Duration.ofSeconds(5)).untilTrue(failed);
        log.closed(s);
        await().atMost(Duration.ofSeconds(5)).until(() -> !batches.isEmpty());
        log.close();
        assertThat(batches).containsExactly(AccessLog.format(s));
    }

    @Test
    void should_sleep_while_nothing_is_queued_and_wake_for_the_next_line() {
        List<String> batches = new CopyOnWriteArrayList<>();
        AccessLog log = new AccessLog(batches::add, Duration.ofMillis(20), 1000);
        ConnectionSummary s = new ConnectionSummary(Instant.EPOCH, "n", 4001, "http", "bob", "::1",
                "a:80", null, 1, 2, 3, "client_closed");
        try {
            log.closed(s);
            await().atMost(Duration.ofSeconds(5)).until(() -> batches.size() == 1);

            // nothing queued: parked without a timeout, not ticking every 20 ms
            await().atMost(Duration.ofSeconds(5)).until(() -> log.writerThread().getState() == Thread.State.WAITING);

            for (int round = 0; round < 3; round++) { // each line after a quiet spell wakes it again
                log.closed(s);
                int expected = round + 2;
                await().atMost(Duration.ofSeconds(5)).until(() -> batches.size() == expected);
                await().atMost(Duration.ofSeconds(5)).until(() -> log.writerThread().getState() == Thread.State.WAITING);
            }
            assertThat(batches).containsOnly(AccessLog.format(s));
        } finally {
            log.close();
        }
        assertThat(log.writerThread().isAlive()).as("close ends a sleeping writer").isFalse();
    }
}
