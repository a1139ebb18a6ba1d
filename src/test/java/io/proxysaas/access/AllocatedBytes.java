package io.proxysaas.access;

import java.lang.management.ManagementFactory;

/** Bytes the current thread allocates per call of a task, from HotSpot's per-thread counter. */
final class AllocatedBytes {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocatedBytes() {
    }

    /** Runs {@code task} {@code calls} times; the counter's own cost is spread over the calls. */
    static double perCall(int calls, Runnable task) {
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        for (int i = 0; i < calls; i++) {
            task.run();
        }
        return (double) (THREADS.getThreadAllocatedBytes(thread) - before) / calls;
    }
}
