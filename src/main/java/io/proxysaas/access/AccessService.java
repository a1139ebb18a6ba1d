package io.proxysaas.access;

import java.net.InetAddress;

/**
 * Decides whether a new customer socket may open, from local memory only (no network round trip):
 * the single set of rules shared by the built-in relay and the GoProxy hooks.
 */
public interface AccessService {

    /**
     * @param port        local port the client connected to
     * @param credentials what the client presented ({@link Credentials#NONE} for whitelist-only)
     * @param clientIp    the client's address
     */
    Admission admit(int port, Credentials credentials, InetAddress clientIp);

    /** The socket admitted by {@code grant} has closed. Called exactly once per grant. */
    void release(Admission.Grant grant);

    /** A plain-HTTP request on an already admitted keep-alive connection (counts against QPS). */
    default Admission admitRequest(Admission.Grant grant) {
        return grant;
    }
}
