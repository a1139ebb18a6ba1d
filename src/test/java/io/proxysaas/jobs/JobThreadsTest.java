package io.proxysaas.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

class JobThreadsTest {

    static final AtomicInteger RUNNING = new AtomicInteger();
    static final AtomicInteger MOST_AT_ONCE = new AtomicInteger();
    static final Set<String> THREADS = ConcurrentHashMap.newKeySet();
    static volatile CountDownLatch done;
    static volatile CountDownLatch gate;

    private Scheduler scheduler;
    private JobThreads pool;

    @AfterEach
    void stop() throws SchedulerException {
        if (gate != null) {
            gate.countDown();   // a failed assertion must not leave jobs holding their workers
        }
        if (scheduler != null) {
            scheduler.shutdown(true);
        }
        if (pool != null) {
            pool.shutdown(true);
        }
    }

    /** Holds its worker until the test opens the gate, so the jobs due meanwhile would overlap it. */
    public static final class Overlapping implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            THREADS.add(Thread.currentThread().getName());
            MOST_AT_ONCE.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
            try {
                gate.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                RUNNING.decrementAndGet();
                done.countDown();
            }
        }
    }

    @Test
    void should_run_quartz_jobs_on_named_workers_at_most_thread_count_at_once() throws Exception {
        RUNNING.set(0);
        MOST_AT_ONCE.set(0);
        THREADS.clear();
        done = new CountDownLatch(6);
        gate = new CountDownLatch(1);
        Properties props = new Properties();
        props.setProperty("org.quartz.scheduler.instanceName", "jobs-test");
        props.setProperty("org.quartz.threadPool.class", JobThreads.class.getName());
        props.setProperty("org.quartz.threadPool.threadCount", "2");
        props.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        scheduler = new StdSchedulerFactory(props).getScheduler();
        scheduler.start();
        for (int i = 0; i < 6; i++) {
            scheduler.scheduleJob(JobBuilder.newJob(Overlapping.class).withIdentity("j" + i).build(),
                    TriggerBuilder.newTrigger().startNow().build());
        }
        // six jobs due at once, two workers: two run and hold them, the other four wait for a worker
        await().atMost(Duration.ofSeconds(10)).until(() -> RUNNING.get() >= 2);
        assertThat(scheduler.getCurrentlyExecutingJobs()).as("only threadCount jobs at once").hasSize(2);
        gate.countDown();
        assertThat(done.await(20, TimeUnit.SECONDS)).as("all six jobs ran").isTrue();
        assertThat(MOST_AT_ONCE.get()).as("never more than threadCount at once").isEqualTo(2);
        assertThat(THREADS).isNotEmpty().allSatisfy(name -> assertThat(name).matches("jobs-test_Worker-[12]"));
        assertThat(scheduler.getMetaData().getThreadPoolClass()).isEqualTo(JobThreads.class);
        assertThat(scheduler.getMetaData().getThreadPoolSize()).isEqualTo(2);
    }

    @Test
    void should_leave_idle_workers_waiting_without_a_timeout() throws Exception {
        pool = new JobThreads();
        pool.setInstanceName("idle-test");
        pool.setThreadCount(2);
        pool.initialize();
        CountDownLatch ran = new CountDownLatch(2);
        assertThat(pool.runInThread(ran::countDown)).isTrue();
        assertThat(pool.runInThread(ran::countDown)).isTrue();
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<Thread> workers = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("idle-test_Worker-")).toList();
            assertThat(workers).hasSize(2);
            // SimpleThreadPool's idle workers are TIMED_WAITING (500 ms wake-ups); these wait for work
            assertThat(workers).allSatisfy(t -> assertThat(t.getState()).isEqualTo(Thread.State.WAITING));
        });
        assertThat(pool.blockForAvailableThreads()).isEqualTo(2);
    }

    @Test
    void should_make_a_caller_wait_for_a_free_worker_and_refuse_jobs_once_shut_down() throws Exception {
        pool = new JobThreads();
        pool.setThreadCount(1);
        pool.initialize();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch secondRan = new CountDownLatch(1);
        assertThat(pool.runInThread(() -> awaitQuietly(release))).isTrue();
        Thread caller = new Thread(() -> pool.runInThread(secondRan::countDown), "second-caller");
        caller.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> caller.getState() == Thread.State.WAITING);
        assertThat(secondRan.getCount()).as("the second job waits for the only worker").isEqualTo(1);
        release.countDown();
        assertThat(secondRan.await(5, TimeUnit.SECONDS)).isTrue();
        caller.join(5000);
        pool.shutdown(true);
        assertThat(pool.runInThread(() -> { })).isFalse();
        assertThat(pool.runInThread(null)).isFalse();
    }

    @Test
    void should_name_the_property_when_the_thread_count_is_bad() {
        assertThatThrownBy(() -> new JobThreads().setThreadCount(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("org.quartz.threadPool.threadCount=0: must be at least 1");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
