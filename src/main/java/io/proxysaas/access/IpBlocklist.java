package io.proxysaas.access;

import java.net.InetAddress;

/**
 * Client addresses refused before anything else: admin IP bans and brute-force blocks (SPEC §4).
 * Answers from memory; the brute-force implementation learns from {@link #authFailed}.
 */
public interface IpBlocklist {

    /** {@link RefusalReason#IP_BANNED}, {@link RefusalReason#IP_BLOCKED}, or null when the address may try. */
    RefusalReason check(InetAddress clientIp);

    /** A failed authentication from {@code clientIp} (counts towards a brute-force block). */
    default void authFailed(InetAddress clientIp) {
    }

    /** Nothing banned, nothing blocked. */
    IpBlocklist NONE = clientIp -> null;
}
