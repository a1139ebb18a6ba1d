package io.proxysaas.pool;

/** How the gateway talks to an upstream proxy. */
public enum UpstreamScheme {
    /** HTTP CONNECT with optional Basic auth (the default when a line has no scheme). */
    HTTP,
    /** SOCKS5 with optional RFC 1929 username/password auth. */
    SOCKS5;

    /** Lower-cased once: every connection's access-log line names its upstream. */
    private final String prefix = name().toLowerCase(java.util.Locale.ROOT);

    public String prefix() {
        return prefix;
    }
}
