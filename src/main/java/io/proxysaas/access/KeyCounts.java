package io.proxysaas.access;

/**
 * Counts by key (a client IP's text) in one open-addressing table (linear probing, backward-shift
 * removal): no node or boxed count per entry, so counting a socket allocates nothing once the
 * table is big enough. A key goes when its count reaches zero. Not thread-safe (the owner locks).
 */
final class KeyCounts<K> {

    /** null marks a free slot. */
    private Object[] keys = new Object[8];
    private int[] counts = new int[8];
    private int size;

    int get(K key) {
        int i = find(key);
        return i < 0 ? 0 : counts[i];
    }

    void increment(K key) {
        int mask = keys.length - 1;
        for (int i = home(key, mask); ; i = (i + 1) & mask) {
            if (keys[i] == null) {
                keys[i] = key;
                counts[i] = 1;
                if (++size * 2 > keys.length) {
                    resize(keys.length * 2);
                }
                return;
            }
            if (keys[i].equals(key)) {
                counts[i]++;
                return;
            }
        }
    }

    /** Returns false (and changes nothing) when the key has no count. */
    boolean decrement(K key) {
        int i = find(key);
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

    private int find(Object key) {
        int mask = keys.length - 1;
        for (int i = home(key, mask); keys[i] != null; i = (i + 1) & mask) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** Moves later entries of the probe run back so every lookup still finds them without tombstones. */
    private void removeAt(int free) {
        int mask = keys.length - 1;
        size--;
        for (int i = (free + 1) & mask; keys[i] != null; i = (i + 1) & mask) {
            int home = home(keys[i], mask);
            // the entry may fill the gap unless its home lies cyclically in (free, i]
            if (free <= i ? (home <= free || home > i) : (home <= free && home > i)) {
                keys[free] = keys[i];
                counts[free] = counts[i];
                free = i;
            }
        }
        keys[free] = null;
        counts[free] = 0;
    }

    private void resize(int capacity) {
        Object[] oldKeys = keys;
        int[] oldCounts = counts;
        keys = new Object[capacity];
        counts = new int[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = home(oldKeys[j], mask);
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                counts[i] = oldCounts[j];
            }
        }
    }

    private static int home(Object key, int mask) {
        int h = key.hashCode() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
