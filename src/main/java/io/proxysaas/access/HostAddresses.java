package io.proxysaas.access;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * {@link InetAddress#getHostAddress()} without building the same string again for a client that
 * keeps connecting: a small per-thread cache of the last texts (admission and the IP gate ask for
 * it on every socket, and formatting allocates a builder and two arrays each time).
 */
public final class HostAddresses {

    private static final int SLOTS = 16;
    private static final ThreadLocal<Object[]> RECENT = ThreadLocal.withInitial(() -> new Object[2 * SLOTS]);

    private HostAddresses() {
    }

    /** Exactly {@code address.getHostAddress()}. */
    public static String text(InetAddress address) {
        if (address instanceof Inet6Address v6 && (v6.getScopeId() != 0 || v6.getScopedInterface() != null)) {
            // equals() ignores the scope that the text carries ("fe80::1%eth0"): never cached
            return address.getHostAddress();
        }
        Object[] recent = RECENT.get();
        int slot = (address.hashCode() & (SLOTS - 1)) << 1;
        if (address.equals(recent[slot])) {
            return (String) recent[slot + 1];
        }
        String text = address.getHostAddress();
        recent[slot] = address;
        recent[slot + 1] = text;
        return text;
    }
}
