package io.proxysaas.pool;

/** A pool port that could not be bound (for example already in use); it is retried in the background. */
public record BindFailure(int port, String reason) {
}
