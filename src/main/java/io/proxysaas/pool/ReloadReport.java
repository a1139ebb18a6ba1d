package io.proxysaas.pool;

import java.util.List;

/**
 * What one (re)load of the pool file did, port by port, for the logs and the admin API. Unchanged
 * ports kept their listener and their live connections.
 */
public record ReloadReport(List<Integer> added, List<Integer> changed, List<Integer> removed,
                           List<Integer> unchanged, List<PoolProblem> problems, List<BindFailure> bindFailures,
                           long tookMillis) {

    public ReloadReport {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
        unchanged = List.copyOf(unchanged);
        problems = List.copyOf(problems);
        bindFailures = List.copyOf(bindFailures);
    }

    /** One log line: counts only, never an upstream's credentials. */
    public String summary() {
        return added.size() + " added, " + changed.size() + " changed, " + removed.size() + " removed, "
                + unchanged.size() + " unchanged, " + problems.size() + " problems, "
                + bindFailures.size() + " bind failures, " + tookMillis + " ms";
    }
}
