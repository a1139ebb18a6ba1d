package io.proxysaas;

import io.proxysaas.config.BootProperties;
import io.proxysaas.config.ProxySaasConfiguration;
import io.proxysaas.relay.ProcessStartListening;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

/** Boots Camel Main with the product's single configuration class. */
public final class App {

    private App() {
    }

    public static void main(String[] args) {
        // The pool's ports listen from now on (in the background): Camel Main takes 0.3-1.3 s to read
        // its configuration before any module runs. The relay module takes these sockets over if its
        // settings agree (ProcessStartListening), so clients queue instead of being refused meanwhile.
        // Logback reads its configuration here, on this thread, while that thread parses proxy.txt;
        // it binds once logging is up (a call from it during the set-up would be replayed by SLF4J).
        CompletableFuture<Void> loggingReady = new CompletableFuture<>();
        ProcessStartListening.begin(BootProperties.settings(), loggingReady);
        LoggerFactory.getILoggerFactory();
        loggingReady.complete(null);
        // On 2 cores the common pool has parallelism 1, and CompletableFuture then starts a new thread
        // per async task (Hazelcast submitToKey completions of the usage and quota ledgers): measured
        // ~600 short-lived threads in one benchmark run. Two workers avoid that; an explicit -D wins.
        if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null) {
            System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism",
                    String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
        }
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
}
