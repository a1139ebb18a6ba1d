package io.proxysaas.relay;

import io.proxysaas.access.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads and writes HTTP Basic proxy credentials; hostile input yields an answer, never an exception. */
final class BasicAuth {

    /** What a {@code Proxy-Authorization} header held. */
    sealed interface Parsed permits Absent, Malformed, Present {
    }

    record Absent() implements Parsed {
    }

    record Malformed(String why) implements Parsed {
    }

    record Present(Credentials credentials) implements Parsed {
    }

    private static final int MAX_LENGTH = 1024;

    private BasicAuth() {
    }

    static String header(String user, String password) {
        String pair = user + ":" + (password == null ? "" : password);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    static Parsed parse(String header) {
        if (header == null || header.isBlank()) {
            return new Absent();
        }
        String h = header.trim();
        if (h.length() > MAX_LENGTH) {
            return new Malformed("Proxy-Authorization too long");
        }
        int space = h.indexOf(' ');
        if (space < 0 || !h.substring(0, space).equalsIgnoreCase("Basic")) {
            return new Malformed("only Basic proxy authentication is supported");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(h.substring(space + 1).trim());
        } catch (IllegalArgumentException e) {
            return new Malformed("Proxy-Authorization is not valid base64");
        }
        String pair = new String(decoded, StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        if (colon <= 0) {
            return new Malformed("Proxy-Authorization must be user:password");
        }
        return new Present(new Credentials(pair.substring(0, colon), pair.substring(colon + 1)));
    }
}
