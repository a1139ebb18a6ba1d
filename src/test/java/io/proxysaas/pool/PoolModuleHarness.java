package io.proxysaas.pool;

import io.proxysaas.config.Settings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
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

/** The pool module installed into a real camel-main app (routes/*.yaml), as the product wires it. */
final class PoolModuleHarness implements AutoCloseable {

    final RecordingConnections connections = new RecordingConnections();
    final PoolCamel camel;

    PoolModuleHarness(Path poolFile, int portBase, Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "pool.file", poolFile.toString(),
                "pool.port-base", String.valueOf(portBase),
                "pool.bind", "127.0.0.1",
                "pool.watch-interval", "0",
                "pool.bind-retry-interval", "1",
                "pool.probe.cron", "0 0 0 1 1 ? 2099"));
        properties.putAll(extra);
        camel = new PoolCamel("*.yaml", properties, new CamelConfiguration() {
            @Override
            public void configure(CamelContext context) throws Exception {
                new PoolModule().install(context, new Settings(context));
            }
        });
        camel.main.bind("portConnections", connections);
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
