package io.proxysaas.config;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slow start-up work (opening the database, starting the cluster member) running on its own thread
 * from {@link Module#prepare} until the module's install {@linkplain #take() takes} the result. When
 * the start-up fails before that, {@link #close} releases whatever the work produced (once it has
 * finished), so a failed start leaks no member or connection pool, and a failure of the abandoned
 * work that nobody has seen yet is still logged rather than lost.
 */
public final class BackgroundStart<T> implements AutoCloseable {

    /** Looked up when used: loading this class on the way to the first start-up thread must not initialise logback. */
    private static Logger log() {
        return LoggerFactory.getLogger(BackgroundStart.class);
    }

    /** The work: may throw anything; its exception reaches the caller of {@link #take()} unchanged. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws Exception;
    }

    private final String name;
    private final Consumer<? super T> release;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private volatile long tookMillis = -1;
    private volatile boolean failureDelivered;
    private boolean taken;
    private boolean abandoned;

    private BackgroundStart(String name, Consumer<? super T> release) {
        this.name = name;
        this.release = release;
    }

    /** Runs {@code work} on a new daemon thread named {@code proxysaas-start-<name>}. */
    public static <T> BackgroundStart<T> begin(String name, Work<T> work, Consumer<? super T> release) {
        BackgroundStart<T> start = new BackgroundStart<>(name, release);
        Thread thread = new Thread(() -> start.run(work), "proxysaas-start-" + name);
        thread.setDaemon(true); // a failed start-up must not be kept alive by a half-started part
        thread.start();
        return start;
    }

    /** Runs {@code work} on the calling thread (a module installed without {@link Module#prepare}). */
    public static <T> BackgroundStart<T> inline(String name, Work<T> work, Consumer<? super T> release) {
        BackgroundStart<T> start = new BackgroundStart<>(name, release);
        start.run(work);
        return start;
    }

    private void run(Work<T> work) {
        long begin = System.nanoTime();
        try {
            T value = work.run();
            tookMillis = (System.nanoTime() - begin) / 1_000_000;
            result.complete(value);
        } catch (Throwable e) {
            tookMillis = (System.nanoTime() - begin) / 1_000_000;
            result.completeExceptionally(e);
        }
    }

    public String name() {
        return name;
    }

    /** How long the work ran, in milliseconds; -1 while it runs. */
    public long tookMillis() {
        return tookMillis;
    }

    /**
     * Waits for the work and returns its result without taking it over (a stand-in that lends the
     * result, such as a DataSource used before the database has finished starting). The work's own
     * exception is rethrown as it was thrown (message and cause intact).
     */
    public T await() throws Exception {
        try {
            return result.get();
        } catch (ExecutionException e) {
            failureDelivered = true;
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** As {@link #await()}, and hands the result over: the caller owns (and releases) it from now on. */
    public T take() throws Exception {
        T value = await();
        synchronized (this) {
            if (abandoned) {
                throw new IllegalStateException("start-up of " + name + " was abandoned");
            }
            taken = true;
        }
        return value;
    }

    /** Releases the result unless it was taken; a start still running is released when it ends. */
    @Override
    public void close() {
        synchronized (this) {
            if (taken || abandoned) {
                return;
            }
            abandoned = true;
        }
        result.whenComplete((value, failure) -> {
            if (failure != null && !failureDelivered) {
                log().warn("start-up of {} (abandoned) failed as well: {}", name, failure.toString());
            } else if (value != null) {
                try {
                    release.accept(value);
                } catch (RuntimeException e) {
                    log().warn("start-up of {} (abandoned): releasing it failed: {}", name, e.toString(), e);
                }
            }
        });
    }
}
