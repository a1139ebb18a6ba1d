package io.proxysaas.pool;

import java.util.List;

/** The outcome of parsing {@code proxy.txt}: the entries to bind (ordered by line) and the problems found. */
public record PoolFile(List<PoolEntry> entries, List<PoolProblem> problems) {

    public PoolFile {
        entries = List.copyOf(entries);
        problems = List.copyOf(problems);
    }
}
