package io.proxysaas.pool;

import io.proxysaas.config.Settings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/** The pool module installed into a real camel-main app (routes/*.yaml), as the product wires it. */
final class PoolModuleHarness implements AutoCloseable {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    final RecordingConnections connections = new RecordingConnections();
    final PoolCamel camel;
    /** System.nanoTime() when CamelContextStarted reached the notifiers before and after the pool's (which binds). */
    volatile long contextStartedNanos;
    volatile long poolLoadedNanos;
    /** CPU time of the starting thread at the same two points: the load's own work, whatever the machine's load. */
    volatile long contextStartedCpuNanos;
    volatile long poolLoadedCpuNanos;

    PoolModuleHarness(Path poolFile, int portBase, Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "pool.file", poolFile.toString(),
                "pool.port-base", String.valueOf(portBase),
                "pool.bind", "127.0.0.1",
                "pool.watch-interval", "0",
                "pool.bind-retry-interval", "1",
                "pool.probe.cron", "0 0 0 1 1 ? 2099"));
        properties.putAll(extra);
        camel = new PoolCamel("listener.yaml,pool.yaml", properties, new CamelConfiguration() {
            @Override
            public void configure(CamelContext context) throws Exception {
                context.getManagementStrategy().addEventNotifier(onStarted(() -> {
                    contextStartedCpuNanos = THREADS.getCurrentThreadCpuTime();
                    contextStartedNanos = System.nanoTime();
                }));
                new PoolModule().install(context, new Settings(context));
                context.getManagementStrategy().addEventNotifier(onStarted(() -> {
                    poolLoadedNanos = System.nanoTime();
                    poolLoadedCpuNanos = THREADS.getCurrentThreadCpuTime();
                }));
            }
        });
        camel.main.bind("portConnections", connections);
    }

    /** Notifiers run in the order they were added, so two of them bracket the pool's initial load. */
    private static EventNotifierSupport onStarted(Runnable action) {
        return new EventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextStartedEvent;
            }

            @Override
            public void notify(CamelEvent event) {
                action.run();
            }
        };
    }

    /** How long the pool's initial load (parse and bind) took once the CamelContext had started. */
    long initialLoadMillis() {
        return (poolLoadedNanos - contextStartedNanos) / 1_000_000;
    }

    /** CPU time the starting thread spent on the initial load. */
    long initialLoadCpuMillis() {
        return (poolLoadedCpuNanos - contextStartedCpuNanos) / 1_000_000;
    }

    PoolModuleHarness start() throws Exception {
        camel.start();
        return this;
    }

    PoolReloader reloader() {
        return camel.context().getRegistry().lookupByNameAndType("poolReloader", PoolReloader.class);
    }

    UpstreamPool pool() {
        return camel.context().getRegistry().lookupByNameAndType("upstreamPool", UpstreamPool.class);
    }

    @Override
    public void close() throws Exception {
        camel.close();
    }

    /** A client connection held open across reloads: reads the greeting, then echoes lines. */
    static final class Client implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;
        final String greeting;

        Client(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(5000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = socket.getOutputStream();
            greeting = in.readLine();
        }

        String echo(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return in.readLine();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static String greeting(int port) throws IOException {
        try (Client c = new Client(port)) {
            return c.greeting;
        }
    }

    /** Stands in for the relay's connection registry: records which ports were told to close. */
    static final class RecordingConnections implements PortConnections {
        final List<Integer> closed = new CopyOnWriteArrayList<>();

        @Override
        public int live(int port) {
            return 0;
        }

        @Override
        public void closeAll(int port, String reason) {
            closed.add(port);
        }
    }
}
