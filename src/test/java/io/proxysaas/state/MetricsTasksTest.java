package io.proxysaas.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Hazelcast's metrics scheduler thread wakes every second for tasks whose results nobody reads when
 * metrics are off; the product cancels them then, and only then. Watched from outside, as the JVM
 * counts the thread's waits: each task run ends in one more wait.
 */
class MetricsTasksTest {

    @Test
    void should_leave_the_metrics_thread_asleep_when_metrics_are_off() {
        HazelcastNode node = HazelcastNode.start("", "metrics-off-" + UUID.randomUUID());
        try {
            long[] threads = metricsThreads(node.instance());
            // a thread already timing a task's next run ends that wait once, then waits without a timeout
            await().atMost(Duration.ofSeconds(5)).until(() -> Arrays.stream(threads)
                    .allMatch(t -> ManagementFactory.getThreadMXBean().getThreadInfo(t).getThreadState() == Thread.State.WAITING));
            long before = waits(threads);

            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                    .until(() -> waits(threads) == before);
            assertThat(MetricsTasks.stopWhenDisabled(node.instance())).as("nothing left to cancel").isZero();
        } finally {
            node.stop();
        }
    }

    @Test
    void should_leave_the_tasks_running_when_metrics_are_on() {
        // as with an operator's hazelcast.yaml that sets metrics.enabled: true (for Management Center)
        Config config = HazelcastNode.embedded("metrics-on-" + UUID.randomUUID());
        config.getMetricsConfig().setEnabled(true);
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        try {
            assertThat(MetricsTasks.stopWhenDisabled(member)).as("metrics on: nothing cancelled").isZero();
            long[] threads = metricsThreads(member);
            long before = waits(threads);

            await().atMost(Duration.ofSeconds(5)).until(() -> waits(threads) > before);
        } finally {
            member.shutdown();
        }
    }

    /** The ids of the member's metrics scheduler threads ("hz.<member>.MetricsRegistry.thread-<n>"). */
    private static long[] metricsThreads(HazelcastInstance member) {
        String prefix = "hz." + member.getName() + ".MetricsRegistry.thread-";
        ThreadInfo[] all = ManagementFactory.getThreadMXBean().dumpAllThreads(false, false);
        long[] ids = Arrays.stream(all).filter(t -> t.getThreadName().startsWith(prefix)).mapToLong(ThreadInfo::getThreadId).toArray();
        assertThat(ids).as("threads named %s* among %s", prefix, Arrays.stream(all).map(ThreadInfo::getThreadName).toList()).isNotEmpty();
        return ids;
    }

    /** How often these threads have waited so far, summed (each run of a task ends in one more wait). */
    private static long waits(long[] threadIds) {
        return Arrays.stream(threadIds).map(t -> ManagementFactory.getThreadMXBean().getThreadInfo(t).getWaitedCount()).sum();
    }
}
