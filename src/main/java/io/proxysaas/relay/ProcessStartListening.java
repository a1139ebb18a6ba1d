package io.proxysaas.relay;

import io.proxysaas.config.BackgroundStart;
import io.proxysaas.config.Settings;
import io.proxysaas.pool.PoolModule;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listening on the pool's ports from the first line of {@code main}, before Camel Main has even read
 * its configuration (0.3-1.3 s of a start on 2 cores, depending on the class-data archive): the
 * event loops and the early sockets of {@link EarlyListeners}, made on the start-up thread "listen"
 * from the settings as {@link io.proxysaas.config.BootProperties} reads them.
 * <p>
 * The relay module {@linkplain #claim claims} them when it prepares, and only if the settings Camel
 * resolved name the same loops, address and pool file; anything else (an override that only Camel
 * sees, early listening turned off) closes them and the module starts its own, as without this class.
 * So this never changes what is served, only how soon the ports accept.
 */
public final class ProcessStartListening {

    /**
     * Looked up when used, not when the class loads: the first logger of the process initialises
     * logback (~0.2 s of XML configuration), which must not stand between {@code main} and the
     * thread that binds the ports.
     */
    private static Logger log() {
        return LoggerFactory.getLogger(ProcessStartListening.class);
    }

    /** What the early sockets and loops were made from; claimed only by equal settings. */
    record Key(String host, boolean allowNative, boolean allowIoUring, int workers, int bosses,
               Optional<String> poolFile, Optional<String> portBase) {

        static Key of(Settings settings) {
            return new Key(PoolModule.bindAddress(settings), settings.bool("relay.native-transport", true),
                    settings.bool("relay.io-uring", true),
                    settings.integer("relay.worker-threads", 0), settings.integer("relay.boss-threads", 0),
                    settings.optional("pool.file"), settings.optional("pool.port-base"));
        }

        Supplier<Transport> transport() {
            return () -> new Transport(kind(), workers, bosses);
        }

        /** The kind of loops (and early sockets) these settings make. */
        Transport.Kind kind() {
            return Transport.Kind.choose(allowNative, allowIoUring);
        }
    }

    private record Pending(Key key, BackgroundStart<EarlyListening> start) {
    }

    private static Pending pending;

    private ProcessStartListening() {
    }

    /**
     * Starts listening in the background unless {@code relay.early-listen} is off; settings that
     * cannot be read this early leave it to the relay module (logged, never fatal: Camel reports a
     * bad setting properly).
     */
    public static synchronized void begin(Settings boot) {
        begin(boot, CompletableFuture.completedFuture(null));
    }

    /**
     * As {@link #begin(Settings)}, while {@code main} initialises logback: the thread reads the pool
     * file and binds the ports at once, but logs only once {@code loggingReady} (at most
     * {@link #LOGGING_WAIT}), and Netty's loggers wait for it too ({@link StartupNettyLogging}): a
     * logging call from a second thread during that initialisation would be queued and replayed by
     * SLF4J with a warning and the wrong thread name. Binding no longer waits for logback's set-up
     * (0.4-0.7 s of a first start on 2 cores).
     */
    public static synchronized void begin(Settings boot, CompletionStage<?> loggingReady) {
        Key key;
        Supplier<List<Integer>> ports;
        try {
            if (!boot.bool("relay.early-listen", true)) {
                return;
            }
            key = Key.of(boot);
            ports = PoolModule.configuredPorts(boot);
        } catch (RuntimeException e) {
            log().info("relay: not listening from the process start ({}); the relay listens once it prepares", e.getMessage());
            return;
        }
        release(); // a second begin in one JVM replaces the first
        if (!loggingReady.toCompletableFuture().isDone()) {
            StartupNettyLogging.install(loggingReady.toCompletableFuture()); // before Netty's first use
        }
        pending = new Pending(key, start(key, ports, loggingReady));
    }

    /**
     * On the thread "listen": the early sockets of {@code ports} first (they accept from then on),
     * then the event loops, then the sockets handed to the loops ({@link EarlyListeners}).
     */
    static BackgroundStart<EarlyListening> start(Key key, Supplier<List<Integer>> ports) {
        return start(key, ports, CompletableFuture.completedFuture(null));
    }

    private static BackgroundStart<EarlyListening> start(Key key, Supplier<List<Integer>> ports,
                                                         CompletionStage<?> loggingReady) {
        return BackgroundStart.begin("listen", () -> {
            List<Integer> portList = ports.get();
            // while main sets logging up: Netty's loggers wait for it (StartupNettyLogging), ours report after it
            EarlyListeners early = EarlyListeners.bind(key.host(), portList, key.kind());
            Transport created = null;
            try {
                created = key.transport().get();
                early.register(created);
                awaitLogging(loggingReady);
                early.report();
                return new EarlyListening(created, early);
            } catch (RuntimeException | Error e) {
                awaitLogging(loggingReady);
                early.report(); // what bind found (an unresolvable address, ports taken) still gets logged
                early.close();
                if (created != null) {
                    created.close();
                }
                throw e;
            }
        }, EarlyListening::close);
    }

    /** Longest wait for {@code main}'s logging set-up; after it the thread (and Netty's warnings) log anyway. */
    static final Duration LOGGING_WAIT = Duration.ofSeconds(5);

    private static void awaitLogging(CompletionStage<?> loggingReady) {
        try {
            loggingReady.toCompletableFuture().get(LOGGING_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // logging set-up failed or is slow: binding the ports matters more than a clean log
        }
    }

    /**
     * The listening begun at process start, if it was made from these settings (the caller owns it
     * from now on); else null, and whatever was begun is closed.
     */
    static synchronized BackgroundStart<EarlyListening> claim(Settings settings) {
        Pending p = pending;
        pending = null;
        if (p == null) {
            return null;
        }
        Key wanted = Key.of(settings);
        if (!wanted.equals(p.key())) {
            log().info("relay: the settings differ from those read at process start ({} vs {}): listening anew", wanted, p.key());
            closeNow(p);
            return null;
        }
        log().info("relay: using the event loops and sockets listening since the process started");
        return p.start();
    }

    /** Closes what was begun and not claimed (early listening turned off by Camel's settings). */
    static synchronized void release() {
        if (pending != null) {
            closeNow(pending);
            pending = null;
        }
    }

    /** Waits for the background work and closes what it made: the ports are free when this returns. */
    private static void closeNow(Pending p) {
        try {
            p.start().take().close();
        } catch (Exception e) {
            log().info("relay: listening from the process start had failed: {}", e.toString());
        }
    }
}
