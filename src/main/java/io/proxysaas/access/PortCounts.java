package io.proxysaas.access;

/**
 * Counts by port in one open-addressing table (linear probing, backward-shift removal): no boxed
 * key and no node per entry, so counting a socket allocates nothing once the table is big enough.
 * A port goes when its count reaches zero. Not thread-safe (the owner locks).
 */
final class PortCounts {

    private int[] ports = new int[8];
    /** 0 marks a free slot: a present port always counts at least one. */
    private int[] counts = new int[8];
    private int size;

    int get(int port) {
        int i = find(port);
        return i < 0 ? 0 : counts[i];
    }

    void increment(int port) {
        int mask = ports.length - 1;
        for (int i = home(port, mask); ; i = (i + 1) & mask) {
            if (counts[i] == 0) {
                ports[i] = port;
                counts[i] = 1;
                if (++size * 2 > ports.length) {
                    resize(ports.length * 2);
                }
                return;
            }
            if (ports[i] == port) {
                counts[i]++;
                return;
            }
        }
    }

    /** Returns false (and changes nothing) when the port has no count. */
    boolean decrement(int port) {
        int i = find(port);
        if (i < 0) {
            return false;
        }
        if (--counts[i] == 0) {
            removeAt(i);
        }
        return true;
    }

    int size() {
        return size;
    }

    private int find(int port) {
        int mask = ports.length - 1;
        for (int i = home(port, mask); counts[i] != 0; i = (i + 1) & mask) {
            if (ports[i] == port) {
                return i;
            }
        }
        return -1;
    }

    /** Moves later entries of the probe run back so every lookup still finds them without tombstones. */
    private void removeAt(int free) {
        int mask = ports.length - 1;
        size--;
        for (int i = (free + 1) & mask; counts[i] != 0; i = (i + 1) & mask) {
            int home = home(ports[i], mask);
            // the entry may fill the gap unless its home lies cyclically in (free, i]
            if (free <= i ? (home <= free || home > i) : (home <= free && home > i)) {
                ports[free] = ports[i];
                counts[free] = counts[i];
                free = i;
            }
        }
        counts[free] = 0;
    }

    private void resize(int capacity) {
        int[] oldPorts = ports;
        int[] oldCounts = counts;
        ports = new int[capacity];
        counts = new int[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < oldPorts.length; j++) {
            if (oldCounts[j] != 0) {
                int i = home(oldPorts[j], mask);
                while (counts[i] != 0) {
                    i = (i + 1) & mask;
                }
                ports[i] = oldPorts[j];
                counts[i] = oldCounts[j];
            }
        }
    }

    private static int home(int port, int mask) {
        int h = port * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
