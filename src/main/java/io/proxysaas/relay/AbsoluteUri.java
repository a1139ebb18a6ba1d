package io.proxysaas.relay;

/** An absolute-form request target ({@code http://host[:port]/path?query}) split for forwarding. */
record AbsoluteUri(String authority, HostPort target, String originForm) {

    private static final String SCHEME = "http://";

    /** Null unless {@code uri} is a well-formed absolute http URI. */
    static AbsoluteUri parse(String uri) {
        if (uri == null || uri.length() < SCHEME.length() + 1
                || !uri.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        int start = SCHEME.length();
        int end = start;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        String authority = uri.substring(start, end);
        if (authority.indexOf('@') >= 0) {
            return null;
        }
        HostPort target = HostPort.parse(authority, 80);
        if (target == null || target.host().length() > 255) {
            return null;
        }
        String rest = uri.substring(end);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        if (rest.isEmpty() || rest.charAt(0) != '/') {
            rest = "/" + rest;
        }
        return new AbsoluteUri(authority, target, rest);
    }
}
