package io.proxysaas.relay;

/**
 * The rule behind {@link LoopChoice}: which worker loop takes a socket accepted on loop
 * {@code local}, from each loop's recent CPU use and its open sockets. Pure: no clock, no Netty.
 * <p>
 * A socket stays on the loop that accepted it while that loop has headroom: one loop serving a busy
 * port's sockets wakes once for many events, where two half-idle loops each sleep and wake for few
 * (measured 2026-11-28, 50 concurrent short tunnels on one port, 2 cores: with this rule 0.72-0.83x
 * the CPU per tunnel of the 32-socket rule before it, half the context switches, 1.04-1.20x the
 * tunnels/s; p99 0.90-1.06x, within the machine's noise: docs/PERFORMANCE.md). It goes elsewhere only
 * when the accepting loop is busy ({@link #BUSY} of a core or more) and another loop is clearly less
 * busy ({@link #MARGIN}), or when the accepting loop holds {@link #SLACK} more sockets than the
 * emptiest loop: the guard for a burst of connections that arrives faster than CPU use is sampled,
 * whose sockets would otherwise all stay on one loop for their lifetime.
 */
final class LoopLoad {

    /** Share of one core, over the last sampling window, from which a loop counts as busy. */
    static final double BUSY = 0.5;
    /** A busy loop hands sockets only to a loop at least this much less busy (no ping-pong between equals). */
    static final double MARGIN = 0.2;
    /** How many more open sockets the accepting loop may hold than the emptiest loop, however idle it is. */
    static final int SLACK = 256;

    private LoopLoad() {
    }

    /**
     * The index of the loop for a socket accepted on loop {@code local}.
     *
     * @param busy each loop's share of one core over the last window (0 when unknown)
     * @param open each loop's open sockets
     */
    static int choose(int local, double[] busy, int[] open) {
        int emptiest = local;
        int idlest = local;
        for (int i = 0; i < open.length; i++) {
            if (open[i] < open[emptiest]) {
                emptiest = i;
            }
            if (busy[i] < busy[idlest]) {
                idlest = i;
            }
        }
        if (open[local] > open[emptiest] + SLACK) {
            return emptiest;
        }
        if (busy[local] >= BUSY && busy[idlest] + MARGIN <= busy[local]) {
            return idlest;
        }
        return local;
    }
}
