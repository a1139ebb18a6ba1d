package io.proxysaas.pool;

/** One bad or suspicious line of {@code proxy.txt}: its 1-based line number and why. */
public record PoolProblem(int line, String reason) {

    @Override
    public String toString() {
        return "proxy.txt line " + line + ": " + reason;
    }
}
