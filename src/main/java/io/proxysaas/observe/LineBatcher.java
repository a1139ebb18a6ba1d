package io.proxysaas.observe;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Collects items from any thread and hands them to a sink as lines in batches (one text, lines
 * joined by newlines, in a builder the batcher reuses), so a line per connection costs the event
 * loop a queue offer instead of waking a writer thread per line; the items become text only on the
 * draining thread. Bounded: beyond {@code maxPending} items the newest are dropped and counted (a
 * writer that cannot keep up must not grow the heap without end).
 */
final class LineBatcher<T> {

    /** A batch string is cut at about this many characters so one append stays a modest write. */
    static final int MAX_BATCH_CHARS = 256 * 1024;

    private final Queue<T> pending = new ConcurrentLinkedQueue<>();
    /** Writes one item as one line (no newline) into the batch; runs on the draining thread. */
    private final BiConsumer<? super T, StringBuilder> writer;
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final int maxPending;
    /** The batch being built; reused, so a drain makes no text garbage of its own (draining thread only). */
    private final StringBuilder batch = new StringBuilder(256 * 64);

    /** A batcher of ready-made lines. */
    static LineBatcher<String> ofLines(int maxPending) {
        return new LineBatcher<>(maxPending, (line, out) -> out.append(line));
    }

    /** @param writer turns an item into its line, on the draining thread (so the adding thread does not format) */
    LineBatcher(int maxPending, BiConsumer<? super T, StringBuilder> writer) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1, was " + maxPending);
        }
        this.writer = writer;
        this.maxPending = maxPending;
    }

    /** @return false when the line was dropped because {@code maxPending} lines are waiting */
    boolean add(T line) {
        if (size.incrementAndGet() > maxPending) {
            size.decrementAndGet();
            dropped.incrementAndGet();
            return false;
        }
        pending.offer(line);
        return true;
    }

    int pending() {
        return size.get();
    }

    /** Lines dropped so far because the writer fell behind. */
    long dropped() {
        return dropped.get();
    }

    /**
     * Passes everything queued now to {@code sink}, in arrival order, as batches of whole lines. The
     * text handed over is valid only during the call (its builder is reused): copy what you keep.
     * Call from one thread at a time (the writer).
     * @return the number of lines passed on
     */
    int drainTo(Consumer<? super CharSequence> sink) {
        int lines = 0;
        int inBatch = 0;
        batch.setLength(0);
        for (T item; (item = pending.poll()) != null; ) {
            size.decrementAndGet();
            lines++;
            if (inBatch++ > 0) {
                batch.append('\n');
            }
            writer.accept(item, batch);
            if (batch.length() >= MAX_BATCH_CHARS) {
                handOver(sink);
                inBatch = 0;
            }
        }
        if (inBatch > 0) {
            handOver(sink);
        }
        return lines;
    }

    private void handOver(Consumer<? super CharSequence> sink) {
        try {
            sink.accept(batch);
        } finally {
            batch.setLength(0); // keeps its capacity: about MAX_BATCH_CHARS at most, plus one line
        }
    }
}
