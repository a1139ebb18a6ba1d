package io.proxysaas.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Finds free loopback ports: one ephemeral port, or a run of consecutive free ports for a pool. */
public final class FreePorts {

    private FreePorts() {
    }

    public static int one() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /** The first of {@code count} consecutive ports that are free right now (random base in 20000-60000). */
    public static int consecutive(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 60_000 - count);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no run of " + count + " free ports found");
    }

    private static boolean allFree(int base, int count) {
        for (int p = base; p < base + count; p++) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
