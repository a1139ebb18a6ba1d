package io.proxysaas.pool;

/** Checks the text of an IPv6 address (RFC 4291 text forms, optional trailing IPv4) without any DNS lookup. */
final class Ipv6Literal {

    private Ipv6Literal() {
    }

    static boolean isValid(String s) {
        if (s.isEmpty() || s.length() > 45) {
            return false;
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        if (gap < 0) {
            return groups(s, true) == 8;
        }
        String head = s.substring(0, gap);
        String tail = s.substring(gap + 2);
        int h = head.isEmpty() ? 0 : groups(head, false);
        int t = tail.isEmpty() ? 0 : groups(tail, true);
        return h >= 0 && t >= 0 && h + t <= 7;
    }

    /** Number of 16-bit groups in {@code part}, or -1 when malformed; an IPv4 tail counts as two. */
    private static int groups(String part, boolean ipv4TailAllowed) {
        String[] pieces = part.split(":", -1);
        int count = 0;
        for (int i = 0; i < pieces.length; i++) {
            String p = pieces[i];
            if (ipv4TailAllowed && i == pieces.length - 1 && p.indexOf('.') >= 0) {
                if (!isIpv4(p)) {
                    return -1;
                }
                count += 2;
            } else if (p.isEmpty() || p.length() > 4 || !p.chars().allMatch(c -> hex((char) c) >= 0)) {
                return -1;
            } else {
                count++;
            }
        }
        return count;
    }

    /** ASCII hex digit value, or -1 ({@link Character#digit} would also accept non-ASCII digits). */
    static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static boolean isIpv4(String s) {
        String[] octets = s.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String o : octets) {
            if (o.isEmpty() || o.length() > 3 || !o.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(o) > 255) {
                return false;
            }
        }
        return true;
    }
}
