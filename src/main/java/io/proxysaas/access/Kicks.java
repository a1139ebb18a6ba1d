package io.proxysaas.access;

/** Closes live sockets on EVERY node of the cluster (ban, kick, strike, admin action). */
public interface Kicks {

    void kickCustomer(String username, String reason);

    void kickClientIp(String clientIp, String reason);
}
