package io.proxysaas.access;

/**
 * What a client presented: username and password from HTTP Basic proxy auth or SOCKS5 RFC 1929,
 * or nothing (then the client IP whitelist decides).
 */
public record Credentials(String username, String password) {

    public static final Credentials NONE = new Credentials(null, null);

    public boolean present() {
        return username != null;
    }

    @Override
    public String toString() {
        return present() ? "Credentials[" + username + ", ***]" : "Credentials[none]";
    }
}
