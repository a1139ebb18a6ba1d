package io.proxysaas.pool;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Parses one upstream of {@code proxy.txt}, {@code [scheme://][user:pass@]host:port}, into an
 * {@link Upstream}. The user ends at the first {@code :}, the host starts after the last
 * {@code @}, so an unencoded password may hold both. Failures are {@link BadSpec}s whose message
 * is the reason shown to the operator (never the password).
 */
final class UpstreamSpecParser {

    private UpstreamSpecParser() {
    }

    static Upstream parse(String spec) {
        UpstreamScheme scheme = UpstreamScheme.HTTP;
        String rest = spec;
        int sep = spec.indexOf("://");
        if (sep >= 0) {
            scheme = scheme(spec.substring(0, sep));
            rest = spec.substring(sep + 3);
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                throw new BadSpec("missing password (expected user:pass@host:port)");
            }
            user = decode(userInfo.substring(0, colon), "username");
            password = decode(userInfo.substring(colon + 1), "password");
            if (user.isEmpty()) {
                throw new BadSpec("empty username before ':'");
            }
            rest = rest.substring(at + 1);
        }
        return hostAndPort(scheme, rest, user, password);
    }

    private static UpstreamScheme scheme(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "http" -> UpstreamScheme.HTTP;
            case "socks5" -> UpstreamScheme.SOCKS5;
            case "" -> throw new BadSpec("empty scheme before '://' (use http or socks5)");
            default -> throw new BadSpec(name.matches("[A-Za-z0-9+.-]{1,20}")
                    ? "unsupported scheme '" + name + "' (use http or socks5)"
                    : "unsupported scheme (use http or socks5)");
        };
    }

    private static Upstream hostAndPort(UpstreamScheme scheme, String hostPort, String user, String password) {
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new BadSpec("unclosed '[' in IPv6 host");
            }
            host = hostPort.substring(1, close);
            if (!Ipv6Literal.isValid(host)) {
                throw new BadSpec("bad IPv6 address [" + printable(host) + "]");
            }
            String after = hostPort.substring(close + 1);
            if (!after.startsWith(":")) {
                throw new BadSpec("missing port after [" + host + "]");
            }
            port = after.substring(1);
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                throw new BadSpec("missing port");
            }
            host = hostPort.substring(0, colon);
            port = hostPort.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new BadSpec("IPv6 host must be written in brackets, like [2001:db8::1]:8080");
            }
            checkHostName(host);
        }
        return new Upstream(scheme, host, upstreamPort(port), user, password);
    }

    private static void checkHostName(String host) {
        if (host.isEmpty()) {
            throw new BadSpec("missing host");
        }
        if (host.length() > 253) {
            throw new BadSpec("host name longer than 253 characters");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_';
            if (!ok) {
                throw new BadSpec("bad character '" + printable(String.valueOf(c)) + "' in host");
            }
        }
    }

    private static int upstreamPort(String port) {
        if (port.isEmpty()) {
            throw new BadSpec("missing port");
        }
        if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BadSpec("bad port '" + printable(port) + "' (expected 1-65535)");
        }
        int value = Integer.parseInt(port);
        if (value < 1 || value > 65535) {
            throw new BadSpec("port " + value + " out of range 1-65535");
        }
        return value;
    }

    /** Percent-decodes as in RFC 3986 userinfo: {@code +} stays a plus, bytes are UTF-8. */
    static String decode(String raw, String what) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int hi = i + 2 < raw.length() ? Ipv6Literal.hex(raw.charAt(i + 1)) : -1;
            int lo = i + 2 < raw.length() ? Ipv6Literal.hex(raw.charAt(i + 2)) : -1;
            if (hi < 0 || lo < 0) {
                throw new BadSpec("bad percent-encoding in " + what + " at character " + (i + 1)
                        + " (expected %XX with two hex digits)");
            }
            bytes.write(hi * 16 + lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new BadSpec("percent-encoded " + what + " is not valid UTF-8");
        }
    }

    /** Echoes operator input in a message, cut short and with control characters escaped. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < 40; i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return s.length() > 40 ? out + "..." : out.toString();
    }

    /** A line that cannot be used; the message is the reason (never contains the password). */
    static final class BadSpec extends RuntimeException {
        BadSpec(String reason) {
            super(reason, null, false, false);
        }
    }
}
