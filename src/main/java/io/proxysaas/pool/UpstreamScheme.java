package io.proxysaas.pool;

/** How the gateway talks to an upstream proxy. */
public enum UpstreamScheme {
    /** HTTP CONNECT with optional Basic auth (the default when a line has no scheme). */
    HTTP,
    /** SOCKS5 with optional RFC 1929 username/password auth. */
    SOCKS5;

    public String prefix() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
