package io.proxysaas.access;

/**
 * Why a socket was refused, with the answer each front protocol gives. Order of declaration is
 * the admission order of SPEC §4 (first failure wins); {@link #BUSY} (added last) is not a rule but
 * the overload answer when the slow password checks are queued full.
 */
public enum RefusalReason {
    IP_BANNED(403, Socks5Reply.NOT_ALLOWED, "client IP banned"),
    IP_BLOCKED(403, Socks5Reply.NOT_ALLOWED, "too many failed logins from this IP, try later"),
    AUTH_REQUIRED(407, Socks5Reply.NOT_ALLOWED, "proxy authentication required"),
    BAD_CREDENTIALS(407, Socks5Reply.NOT_ALLOWED, "wrong username or password"),
    NOT_WHITELISTED(407, Socks5Reply.NOT_ALLOWED, "client IP not whitelisted"),
    CUSTOMER_BANNED(403, Socks5Reply.NOT_ALLOWED, "account banned"),
    LOCKED_OUT(403, Socks5Reply.NOT_ALLOWED, "account locked: thread limit exceeded too long"),
    EXPIRED(403, Socks5Reply.NOT_ALLOWED, "subscription expired"),
    PLAN_MISSING(403, Socks5Reply.NOT_ALLOWED, "account has no valid plan"),
    QUOTA_EXCEEDED(403, Socks5Reply.NOT_ALLOWED, "monthly quota used up"),
    IP_THREADS(429, Socks5Reply.NOT_ALLOWED, "too many sockets from this IP"),
    PORT_THREADS(429, Socks5Reply.NOT_ALLOWED, "thread limit reached on this port"),
    CLUSTER_THREADS(429, Socks5Reply.NOT_ALLOWED, "thread limit reached"),
    QPS(429, Socks5Reply.NOT_ALLOWED, "too many new connections per second"),
    IP_QPS(429, Socks5Reply.NOT_ALLOWED, "too many new connections per second from this IP"),
    NO_UPSTREAM(502, Socks5Reply.GENERAL_FAILURE, "no upstream bound to this port"),
    /** Too many password checks waiting for the slow-hash threads; nothing about the client is judged. */
    BUSY(503, Socks5Reply.GENERAL_FAILURE, "server busy, try again");

    private final int httpStatus;
    private final byte socksReply;
    private final String message;

    RefusalReason(int httpStatus, byte socksReply, String message) {
        this.httpStatus = httpStatus;
        this.socksReply = socksReply;
        this.message = message;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** SOCKS5 reply code (RFC 1928 §6) for a refusal after authentication succeeded. */
    public byte socksReply() {
        return socksReply;
    }

    public String message() {
        return message;
    }

    /** Short machine-readable code, as in {@code X-Proxy-Error} and metrics: {@code quota_exceeded}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether this refusal counts as a failed authentication for brute-force blocking. */
    public boolean isAuthFailure() {
        return this == BAD_CREDENTIALS || this == NOT_WHITELISTED;
    }

    /** RFC 1928 reply codes used by the gateway. */
    public static final class Socks5Reply {
        public static final byte SUCCEEDED = 0x00;
        public static final byte GENERAL_FAILURE = 0x01;
        public static final byte NOT_ALLOWED = 0x02;
        public static final byte NETWORK_UNREACHABLE = 0x03;
        public static final byte HOST_UNREACHABLE = 0x04;
        public static final byte CONNECTION_REFUSED = 0x05;
        public static final byte TTL_EXPIRED = 0x06;
        public static final byte COMMAND_NOT_SUPPORTED = 0x07;
        public static final byte ADDRESS_TYPE_NOT_SUPPORTED = 0x08;

        private Socks5Reply() {
        }
    }
}
