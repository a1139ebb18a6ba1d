package io.proxysaas.relay;

/** A target {@code host:port} as clients write it (IPv6 in brackets); parsing is strict and bounded. */
record HostPort(String host, int port) {

    static String format(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Parses {@code host:port}, {@code [v6]:port}, or a bare host when {@code defaultPort > 0}; null if malformed. */
    static HostPort parse(String text, int defaultPort) {
        if (text == null || text.isEmpty() || text.length() > 300) {
            return null;
        }
        String host;
        String portText = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return null;
                }
                portText = rest.substring(1);
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon >= 0 && text.indexOf(':') != colon) {
                return null;
            }
            host = colon < 0 ? text : text.substring(0, colon);
            portText = colon < 0 ? null : text.substring(colon + 1);
        }
        if (host.isEmpty() || !hostChars(host)) {
            return null;
        }
        int port = defaultPort;
        if (portText != null) {
            port = digits(portText);
            if (port < 0) {
                return null;
            }
        }
        if (port < 1 || port > 65535) {
            return null;
        }
        return new HostPort(host, port);
    }

    /** {@code [A-Za-z0-9._:%-]+} without a regex: this runs once per customer connection. */
    private static boolean hostChars(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '%' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The value of 1-5 ASCII digits ({@code \d{1,5}}), else -1. */
    static int digits(String text) {
        int n = text.length();
        if (n < 1 || n > 5) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    @Override
    public String toString() {
        return format(host, port);
    }
}
