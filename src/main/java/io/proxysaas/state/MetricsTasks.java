package io.proxysaas.state;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.metrics.MetricsRegistry;
import java.lang.reflect.Field;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the once-a-second tasks Hazelcast schedules for its metrics even when metrics are off.
 * <p>
 * Hazelcast 5.7 registers them unconditionally on its metrics registry's own scheduler: the GC
 * statistics (which look up the JVM's garbage-collector MXBeans, building their JMX object names,
 * every second), the TCP server's network statistics and the IO threads' metric publication. With
 * {@code metrics.enabled: false} (the product's default, in {@code hazelcast.yaml} and the embedded
 * member) nothing ever reads what they compute; they only wake a thread and spend CPU every second,
 * in step, on a node whose relay shares the cores. With metrics on, they are left alone.
 * <p>
 * Reaches into the registry's private scheduler, which no API exposes: if a Hazelcast version
 * changes that, nothing is cancelled and the reason is logged; the member works the same.
 */
public final class MetricsTasks {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsTasks.class);

    private MetricsTasks() {
    }

    /** Cancels the metrics registry's periodic tasks when the member's metrics are disabled; answers how many. */
    public static int stopWhenDisabled(HazelcastInstance hazelcast) {
        if (hazelcast.getConfig().getMetricsConfig().isEnabled()) {
            return 0;
        }
        try {
            ScheduledThreadPoolExecutor scheduler = scheduler(hazelcast);
            scheduler.setRemoveOnCancelPolicy(true);
            int cancelled = 0;
            for (Runnable task : scheduler.getQueue().toArray(Runnable[]::new)) {
                if (task instanceof RunnableScheduledFuture<?> future && future.isPeriodic() && future.cancel(false)) {
                    cancelled++;
                }
            }
            LOG.debug("Hazelcast metrics are off: {} periodic metrics task(s) of member {} cancelled", cancelled, hazelcast.getName());
            return cancelled;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.info("Hazelcast's periodic metrics tasks keep running (their scheduler is not where Hazelcast 5.7 keeps it: {})",
                    e.toString());
            return 0;
        }
    }

    private static ScheduledThreadPoolExecutor scheduler(HazelcastInstance hazelcast) throws ReflectiveOperationException {
        HazelcastInstanceImpl member = hazelcast instanceof HazelcastInstanceProxy proxy
                ? proxy.getOriginal()
                : (HazelcastInstanceImpl) hazelcast;
        MetricsRegistry registry = member.node.getNodeEngine().getMetricsRegistry();
        Field field = registry.getClass().getDeclaredField("scheduler");
        field.setAccessible(true);
        Object scheduler = field.get(registry);
        if (scheduler instanceof ScheduledThreadPoolExecutor pool) {
            return pool;
        }
        throw new IllegalStateException("scheduler is a " + (scheduler == null ? "null" : scheduler.getClass().getName()));
    }
}
