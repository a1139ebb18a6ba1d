package io.proxysaas.access;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

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

    /**
     * {@link #admit} without blocking the caller on a slow password check (a Netty event loop).
     * When the answer needs no slow hash the stage is already complete (no thread hop); otherwise
     * the decision runs elsewhere and the stage completes on {@code continueOn}, so dependents
     * that touch a channel should pass the channel's event loop. A grant that can no longer be
     * delivered (continueOn refuses the task) is released here. This default decides inline: fine
     * for implementations without slow checks.
     */
    default CompletionStage<Admission> admitAsync(int port, Credentials credentials, InetAddress clientIp,
                                                  Executor continueOn) {
        return CompletableFuture.completedFuture(admit(port, credentials, clientIp));
    }

    /** The socket admitted by {@code grant} has closed. Called exactly once per grant. */
    void release(Admission.Grant grant);

    /** A plain-HTTP request on an already admitted keep-alive connection (counts against QPS). */
    default Admission admitRequest(Admission.Grant grant) {
        return grant;
    }
}
