package io.proxysaas.pool;

import java.util.Objects;

/**
 * One upstream proxy from {@code proxy.txt}. The password never leaves this record through
 * {@link #toString()} or {@link #display()}: logs, APIs and metrics only ever see those.
 */
public record Upstream(UpstreamScheme scheme, String host, int port, String username, String password) {

    public Upstream {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("upstream port out of range: " + port);
        }
    }

    public boolean hasAuth() {
        return username != null;
    }

    /** {@code scheme://user@host:port} without the password; IPv6 hosts in brackets. */
    public String display() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return scheme.prefix() + "://" + (hasAuth() ? username + "@" : "") + h + ":" + port;
    }

    @Override
    public String toString() {
        return display();
    }
}
