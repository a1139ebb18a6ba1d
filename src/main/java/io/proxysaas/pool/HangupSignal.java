package io.proxysaas.pool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs an action on SIGHUP (the Unix "reload your configuration" signal) and restores the previous
 * handler on close. Where the JVM does not allow it (Windows, {@code -Xrs}) it logs why and does nothing.
 */
final class HangupSignal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);

    private final Signal signal;
    private final SignalHandler previous;

    private HangupSignal(Signal signal, SignalHandler previous) {
        this.signal = signal;
        this.previous = previous;
    }

    /**
     * {@code action} runs on the JVM's signal thread: it should only hand work to another thread. A process
     * started with SIGHUP ignored (under {@code nohup}, or by a supervisor that ignores it) cannot take the
     * signal at all — the JVM keeps it ignored — so that is logged as a warning, not as a working reload.
     */
    static HangupSignal install(Runnable action) {
        try {
            Signal hup = new Signal("HUP");
            SignalHandler previous = Signal.handle(hup, s -> action.run());
            if (previous == SignalHandler.SIG_IGN) {
                Signal.handle(hup, SignalHandler.SIG_IGN); // drops our handler from the JVM's table too
                LOG.warn("pool: SIGHUP is ignored by this process (it was started with SIGHUP ignored, e.g. under"
                        + " nohup), so it cannot reload the pool; reload by editing the file or through the admin"
                        + " API (POST /api/admin/upstreams/reload), or start it without nohup");
                return new HangupSignal(null, null);
            }
            LOG.info("pool: SIGHUP reloads the pool file (kill -HUP {})", ProcessHandle.current().pid());
            return new HangupSignal(hup, previous);
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            LOG.warn("pool: SIGHUP reload unavailable ({}); reload by editing the file or through the admin API",
                    e.getMessage());
            return new HangupSignal(null, null);
        }
    }

    /** Whether a SIGHUP reaches the action (false: the platform or the process's start left it unusable). */
    boolean active() {
        return signal != null;
    }

    @Override
    public void close() {
        if (signal != null) {
            Signal.handle(signal, previous);
        }
    }
}
