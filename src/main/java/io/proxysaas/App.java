package io.proxysaas;

import io.proxysaas.config.BootProperties;
import io.proxysaas.config.ProxySaasConfiguration;
import io.proxysaas.relay.ProcessStartListening;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

/** Boots Camel Main with the product's single configuration class. */
public final class App {

    private static final String COMMON_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private App() {
    }

    public static void main(String[] args) {
        // First of all, before anything touches CompletableFuture (whose class initialisation creates
        // the common pool and fixes its size for good): on 2 cores the common pool has parallelism 1,
        // and then both CompletableFuture's *Async methods and Hazelcast's completions (its
        // ConcurrencyUtil copies the rule) start a NEW THREAD PER TASK: two threads a second for the
        // usage batch alone, one per quota lease call. Two workers avoid that; an explicit -D wins.
        widenCommonPool();
        // The pool's ports listen from now on (in the background): Camel Main takes 0.3-1.3 s to read
        // its configuration before any module runs. The relay module takes these sockets over if its
        // settings agree (ProcessStartListening), so clients queue instead of being refused meanwhile.
        // Logback reads its configuration here, on this thread, while that thread parses proxy.txt;
        // it binds once logging is up (a call from it during the set-up would be replayed by SLF4J).
        CompletableFuture<Void> loggingReady = new CompletableFuture<>();
        ProcessStartListening.begin(BootProperties.settings(), loggingReady);
        LoggerFactory.getILoggerFactory();
        loggingReady.complete(null);
        Main main = new Main();
        main.configure().addConfiguration(ProxySaasConfiguration.class);
        try {
            main.run(args);
        } catch (Exception e) {
            // a failed start must end the process: Hazelcast and MariaDB threads would keep it alive
            LoggerFactory.getLogger(App.class).error("proxy-saas failed to start: {}", e.getMessage(), e);
            System.exit(1);
        }
    }

    /** Gives the common pool at least two workers unless {@code -D...common.parallelism} says otherwise. */
    static void widenCommonPool() {
        if (System.getProperty(COMMON_PARALLELISM) == null) {
            System.setProperty(COMMON_PARALLELISM, String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
        }
    }
}
