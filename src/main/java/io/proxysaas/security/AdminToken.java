package io.proxysaas.security;

import java.time.Instant;

/** A stored admin API token: only the SHA-256 hex of the secret is kept. */
public record AdminToken(long id, String name, String tokenHash, Instant createdAt, Instant lastUsedAt) {
}
