package io.proxysaas.pool;

import java.nio.file.Path;

/** The pool file cannot be used at all (missing, unreadable, too big); the message names the path. */
public final class PoolFileException extends RuntimeException {

    public PoolFileException(Path file, String problem, Throwable cause) {
        super("pool file " + file.toAbsolutePath() + " " + problem
                + (cause == null ? "" : ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage())
                + " (set pool.file or POOL_FILE)", cause);
    }
}
