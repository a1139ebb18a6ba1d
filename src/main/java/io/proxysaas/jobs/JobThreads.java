package io.proxysaas.jobs;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.SchedulerConfigException;
import org.quartz.spi.ThreadPool;

/**
 * Quartz's worker threads without idle wake-ups ({@code org.quartz.threadPool.class} in
 * {@code quartz.properties}). Quartz's {@code SimpleThreadPool} parks each idle worker for 500 ms at
 * a time, so its four workers woke up eight times a second to find nothing to do; here an idle
 * worker waits in {@link LinkedBlockingQueue#take()} until a job is handed to it (measured idle:
 * the scheduler's threads from ~10 wake-ups a second to the scheduler thread's own).
 * <p>
 * Same contract as {@code SimpleThreadPool}: at most {@code threadCount} jobs run at once,
 * {@link #runInThread} waits for a free worker, {@link #blockForAvailableThreads} waits until one is
 * free and says how many are; once shut down, jobs are refused ({@code false}). Workers are named
 * {@code <scheduler name>_Worker-<n>} as Quartz names its own, and run with the context class loader
 * of the thread that initialised the pool.
 */
public final class JobThreads implements ThreadPool {

    private final Object lock = new Object();
    private int threadCount = 4;
    private String instanceName = "QuartzScheduler";
    private int busy;
    private boolean shutdown;
    private ThreadPoolExecutor workers;

    /** {@code org.quartz.threadPool.threadCount}: jobs that may run at once (at least 1). */
    public void setThreadCount(int threadCount) {
        if (threadCount < 1) {
            throw new IllegalArgumentException("org.quartz.threadPool.threadCount=" + threadCount + ": must be at least 1");
        }
        this.threadCount = threadCount;
    }

    public int getThreadCount() {
        return threadCount;
    }

    @Override
    public void initialize() throws SchedulerConfigException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        AtomicInteger sequence = new AtomicInteger();
        String prefix = instanceName + "_Worker-";
        workers = new ThreadPoolExecutor(threadCount, threadCount, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, prefix + sequence.incrementAndGet());
            t.setContextClassLoader(loader);
            return t;
        });
    }

    @Override
    public boolean runInThread(Runnable job) {
        if (job == null) {
            return false;
        }
        synchronized (lock) {
            while (busy >= threadCount && !shutdown) {
                if (!waitQuietly()) {
                    return false;
                }
            }
            if (shutdown || workers == null) {
                return false;
            }
            busy++;
        }
        try {
            workers.execute(() -> {
                try {
                    job.run();
                } finally {
                    release();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            release();
            return false;
        }
    }

    @Override
    public int blockForAvailableThreads() {
        synchronized (lock) {
            while (busy >= threadCount && !shutdown) {
                if (!waitQuietly()) {
                    break;
                }
            }
            return Math.max(0, threadCount - busy);
        }
    }

    @Override
    public void shutdown(boolean waitForJobsToComplete) {
        synchronized (lock) {
            shutdown = true;
            lock.notifyAll();
        }
        if (workers == null) {
            return;
        }
        workers.shutdown();
        if (waitForJobsToComplete) {
            try {
                while (!workers.awaitTermination(1, TimeUnit.MINUTES)) {
                    // Quartz asked to wait for the running jobs; each loop is one bounded wait
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public int getPoolSize() {
        return threadCount;
    }

    @Override
    public void setInstanceId(String schedInstId) {
        // workers are named after the scheduler, not its instance id
    }

    @Override
    public void setInstanceName(String schedName) {
        this.instanceName = schedName;
    }

    private void release() {
        synchronized (lock) {
            busy--;
            lock.notifyAll();
        }
    }

    /** Waits for a worker to be released; false when interrupted (the flag is kept). */
    private boolean waitQuietly() {
        try {
            lock.wait();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
