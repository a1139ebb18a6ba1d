package io.proxysaas.pool;

import java.time.Instant;

/** Last known state of one upstream: from the periodic probe and from every real connection. */
public record UpstreamHealth(boolean healthy, long latencyMs, Instant checkedAt, String lastError) {

    /** An upstream never probed counts as healthy: a fresh pool serves at once. */
    public static final UpstreamHealth UNKNOWN = new UpstreamHealth(true, -1, null, null);
}
