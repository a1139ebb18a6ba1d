package io.proxysaas.observe;

import java.time.Instant;

/**
 * One finished customer connection, as written to the access log (SPEC §5).
 *
 * @param username    customer, or null when refused before identification
 * @param target      {@code host:port} the client asked for, or null if it never said
 * @param upstream    upstream display form (no password)
 * @param bytesIn     payload bytes received from the customer after the handshake (upload)
 * @param bytesOut    payload bytes sent to the customer after the handshake (download)
 * @param closeReason short code: {@code client_closed}, {@code upstream_closed}, {@code idle_timeout},
 *                    {@code refused:quota_exceeded}, {@code upstream_error}, {@code kicked}, ...
 */
public record ConnectionSummary(
        Instant start,
        String node,
        int port,
        String protocol,
        String username,
        String clientIp,
        String target,
        String upstream,
        long bytesIn,
        long bytesOut,
        long durationMs,
        String closeReason) {
}
