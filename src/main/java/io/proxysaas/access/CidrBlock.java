package io.proxysaas.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address block ({@code 10.0.0.0/8}, {@code 2001:db8::/32}; a bare address is a
 * /32 or /128). Parsing accepts only literal addresses (never a DNS lookup) and refuses {@code /0}.
 */
public record CidrBlock(byte[] network, int prefix) {

    public CidrBlock {
        network = network.clone();
    }

    /** Parses a whitelist entry; the exception message says what is wrong with it. */
    public static CidrBlock parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty IP/CIDR");
        }
        String s = text.trim();
        if (s.length() > 64) {
            throw new IllegalArgumentException("IP/CIDR too long: " + s.substring(0, 64) + "...");
        }
        int slash = s.indexOf('/');
        String addressPart = slash < 0 ? s : s.substring(0, slash);
        byte[] address = literal(addressPart, s);
        int max = address.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (!p.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("bad prefix length in '" + s + "'");
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                throw new IllegalArgumentException("prefix /" + prefix + " longer than " + max + " bits in '" + s + "'");
            }
            if (prefix == 0) {
                throw new IllegalArgumentException("'" + s + "' would whitelist every address: /0 is refused");
            }
        }
        return new CidrBlock(mask(address, prefix), prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(a, prefix), network);
    }

    public boolean isIpv6() {
        return network.length == 16;
    }

    /** Canonical text: {@code 10.0.0.0/8}, {@code 2001:db8:0:0:0:0:0:0/32}, {@code 1.2.3.4/32}. */
    public String canonical() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CidrBlock c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        return canonical();
    }

    private static byte[] literal(String part, String whole) {
        boolean v4 = part.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = part.indexOf(':') >= 0 && part.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            throw new IllegalArgumentException("'" + whole + "' is not an IPv4/IPv6 address or CIDR");
        }
        if (v4) {
            for (String octet : part.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw new IllegalArgumentException("octet " + octet + " out of range in '" + whole + "'");
                }
            }
        }
        try {
            byte[] bytes = InetAddress.getByName(part).getAddress();
            return bytes;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + whole + "' is not a valid address", e);
        }
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xFF << (8 - bits));
        }
        return out;
    }
}
