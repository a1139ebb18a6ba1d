package io.proxysaas.config;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * How long each start-up step took and where the JVM's clock stood when it ended, for one log line
 * that shows where a slow start went (the JVM's uptime counts from the {@code java} launch).
 */
public final class StartupTimeline {

    private final List<String> steps = new ArrayList<>();

    /** Milliseconds since the JVM was launched. */
    public static long uptimeMillis() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }

    public void step(String name, long millis) {
        steps.add(name + " " + millis + " ms");
    }

    /** Runs one step and records its duration. */
    public void time(String name, Step step) throws Exception {
        long begin = System.nanoTime();
        try {
            step.run();
        } finally {
            step(name, (System.nanoTime() - begin) / 1_000_000);
        }
    }

    /** The steps in the order they were recorded, comma-separated. */
    public String summary() {
        return String.join(", ", steps);
    }

    /** One step of the start-up. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }
}
