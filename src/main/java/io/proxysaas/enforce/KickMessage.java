package io.proxysaas.enforce;

import java.io.Serializable;

/** One kick on the cluster's {@code kicks} topic: close every local socket of a customer or of a client IP. */
record KickMessage(Target target, String key, String reason) implements Serializable {

    /** What {@link #key} names. */
    enum Target { CUSTOMER, CLIENT_IP }
}
