package io.proxysaas.enforce;

import java.io.Serializable;
import java.time.Instant;

/** An admin ban of a client address block ({@code cidr} canonical); {@code until} null = permanent. */
public record IpBan(String cidr, String reason, Instant until, Instant createdAt) implements Serializable {

    public boolean activeAt(Instant now) {
        return until == null || now.isBefore(until);
    }
}
