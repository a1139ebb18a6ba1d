package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.proxysaas.access.AccessService;
import io.proxysaas.config.Settings;
import io.proxysaas.it.FreePorts;
import io.proxysaas.pool.PreboundPorts;
import io.proxysaas.pool.Upstream;
import io.proxysaas.pool.UpstreamPool;
import io.proxysaas.pool.UpstreamScheme;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.netty.NettyConsumer;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay listens on the pool file's ports from {@code prepare} on: a connection made before the
 * relay is installed waits and is then served by the port's route, which adopts the socket; a port
 * in use is left to the route (which reports it); sockets no route took are released.
 */
class EarlyListenTest {

    private static final String CONNECT = "CONNECT 127.0.0.1:9 HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\r\n";

    @TempDir
    Path dir;

    @Test
    void should_queue_early_connections_and_serve_them_once_the_route_adopts_the_socket() throws Exception {
        int base = FreePorts.consecutive(3);
        int served = base;
        int unrouted = base + 1;
        int busy = base + 2;
        TestPool pool = new TestPool();
        pool.put(served, new Upstream(UpstreamScheme.HTTP, "127.0.0.1", ExternalProxy.freePort(), null, null));
        try (ServerSocket squatter = new ServerSocket(busy, 50, InetAddress.getLoopbackAddress());
             DefaultCamelContext context = context(pool, base, 3)) {
            RelayModule module = new RelayModule();
            AutoCloseable prepared = module.prepare(context, new Settings(context));
            awaitAccepting(served);
            awaitAccepting(unrouted);

            try (RawClient early = new RawClient(served).send(CONNECT)) {
                early.socket.setSoTimeout(300);
                assertThatThrownBy(early::head)
                        .as("nothing answers before the relay is installed")
                        .isInstanceOf(SocketTimeoutException.class);

                module.install(context, new Settings(context));
                addRoute(context, served);
                context.start();

                early.socket.setSoTimeout(5_000);
                assertThat(early.head()).startsWith("HTTP/1.1 407");
            }
            ListenerBootstrap bootstrap = bootstrapOf(context, served);
            assertThat(bootstrap.adoptedEarlySocket()).isTrue();
            assertThat(answer(served)).startsWith("HTTP/1.1 407");

            // the busy port was not listened on early: its route binds itself and fails naming the cause
            assertThatThrownBy(() -> addRoute(context, busy)).hasStackTraceContaining("Address already in use");

            // no route for this one: released once the pool says its first load is done
            context.getRegistry().findByType(PreboundPorts.class).forEach(PreboundPorts::releaseUnclaimed);
            assertRefused(unrouted);

            // a route stopped closes the adopted socket; started again it binds a fresh one
            context.getRouteController().stopRoute("relay-" + served);
            assertRefused(served);
            context.getRouteController().startRoute("relay-" + served);
            assertThat(bootstrapOf(context, served).adoptedEarlySocket()).isFalse();
            assertThat(answer(served)).startsWith("HTTP/1.1 407");
            prepared.close(); // after install: releases nothing the context owns
            assertThat(answer(served)).startsWith("HTTP/1.1 407");
        }
    }

    @Test
    void should_serve_the_early_sockets_ahead_of_their_routes_once_the_pool_asks() throws Exception {
        int base = FreePorts.consecutive(2);
        TestPool pool = new TestPool();
        pool.put(base, new Upstream(UpstreamScheme.HTTP, "127.0.0.1", ExternalProxy.freePort(), null, null));
        try (DefaultCamelContext context = context(pool, base, 2)) {
            RelayModule module = new RelayModule();
            AutoCloseable prepared = module.prepare(context, new Settings(context));
            module.install(context, new Settings(context));
            context.start();
            awaitAccepting(base);
            PreboundPorts prebound = context.getRegistry().findSingleByType(PreboundPorts.class);

            try (RawClient early = new RawClient(base).send(CONNECT)) {
                prebound.serve(List.of(base)); // no route exists for the port yet
                assertThat(early.head()).startsWith("HTTP/1.1 407");
            }
            assertThat(context.getRoute("relay-" + base)).isNull();
            assertThat(answer(base)).startsWith("HTTP/1.1 407");

            addRoute(context, base); // adopts the socket that already serves
            assertThat(bootstrapOf(context, base).adoptedEarlySocket()).isTrue();
            assertThat(answer(base)).startsWith("HTTP/1.1 407");
            context.getRouteController().stopRoute("relay-" + base);
            assertRefused(base);

            prebound.serve(List.of(base + 1)); // in the pool file, but nothing for it in the pool: no route will come
            prebound.releaseUnclaimed();
            assertRefused(base + 1);
            prepared.close();
        }
    }

    @Test
    void should_release_the_early_sockets_when_the_start_fails_before_install() throws Exception {
        int base = FreePorts.consecutive(2);
        try (DefaultCamelContext context = context(new TestPool(), base, 2)) {
            AutoCloseable prepared = new RelayModule().prepare(context, new Settings(context));
            awaitAccepting(base);
            awaitAccepting(base + 1);
            prepared.close();
            assertRefused(base);
            assertRefused(base + 1);
        }
    }

    @Test
    void should_leave_the_ports_to_their_routes_when_the_bind_address_does_not_resolve() throws Exception {
        int base = FreePorts.consecutive(1);
        // the start goes on: the pool reports the address
        withInstalledRelay(base, "pool.bind", "no-such-host.invalid", context -> {
            assertThat(((EarlyListeners) context.getRegistry().findSingleByType(PreboundPorts.class)).size()).isZero();
            assertRefused(base);
        });
    }

    @Test
    void should_not_listen_early_when_switched_off() throws Exception {
        int base = FreePorts.consecutive(1);
        withInstalledRelay(base, "relay.early-listen", "false", context -> {
            assertRefused(base);
            assertThat(context.getRegistry().findByType(PreboundPorts.class)).isEmpty();
        });
    }

    @Test
    void should_listen_early_on_plain_jdk_sockets_when_the_native_transport_is_off() throws Exception {
        int base = FreePorts.consecutive(1);
        TestPool pool = new TestPool();
        pool.put(base, new Upstream(UpstreamScheme.HTTP, "127.0.0.1", ExternalProxy.freePort(), null, null));
        Properties nio = new Properties();
        nio.setProperty("relay.native-transport", "false");
        try (DefaultCamelContext context = context(pool, base, 1, nio)) {
            RelayModule module = new RelayModule();
            AutoCloseable prepared = module.prepare(context, new Settings(context));
            awaitAccepting(base);
            try (RawClient early = new RawClient(base).send(CONNECT)) {
                module.install(context, new Settings(context));
                assertThat(context.getRegistry().findSingleByType(Transport.class).kind()).isEqualTo(Transport.Kind.NIO);
                addRoute(context, base);
                context.start();
                assertThat(early.head()).startsWith("HTTP/1.1 407");
            }
            assertThat(bootstrapOf(context, base).adoptedEarlySocket()).isTrue();
            context.getRouteController().stopRoute("relay-" + base);
            // NIO closes a selector-registered socket once its selector has seen the key cancelled
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertRefused(base));
            prepared.close();
        }
    }

    @Test
    void should_take_over_the_sockets_listening_since_the_process_started() throws Exception {
        int base = FreePorts.consecutive(2);
        TestPool pool = new TestPool();
        pool.put(base, new Upstream(UpstreamScheme.HTTP, "127.0.0.1", ExternalProxy.freePort(), null, null));
        try (DefaultCamelContext context = context(pool, base, 2)) {
            ProcessStartListening.begin(sameAsCamel(context)); // what App.main does first
            awaitAccepting(base);
            try (RawClient early = new RawClient(base).send(CONNECT)) {
                RelayModule module = new RelayModule();
                AutoCloseable prepared = module.prepare(context, new Settings(context));
                assertThat(ProcessStartListening.claim(new Settings(context))).as("claimed by the module").isNull();
                module.install(context, new Settings(context));
                addRoute(context, base);
                context.start();
                // queued in the process-start socket before the module existed, answered through it
                assertThat(early.head()).startsWith("HTTP/1.1 407");
                assertThat(bootstrapOf(context, base).adoptedEarlySocket()).isTrue();
                prepared.close();
            }
            assertThat(answer(base)).startsWith("HTTP/1.1 407");
        } finally {
            ProcessStartListening.release();
        }
    }

    @Test
    void should_listen_anew_when_camel_resolves_other_settings_than_the_process_start() throws Exception {
        int base = FreePorts.consecutive(1);
        TestPool pool = new TestPool();
        pool.put(base, new Upstream(UpstreamScheme.HTTP, "127.0.0.1", ExternalProxy.freePort(), null, null));
        try (DefaultCamelContext context = context(pool, base, 1)) {
            Settings camel = new Settings(context);
            // e.g. an override only Camel sees: one worker loop instead of one per core
            ProcessStartListening.begin(new Settings(k -> k.equals("relay.worker-threads") ? Optional.of("1")
                    : camel.optional(k)));
            awaitAccepting(base);
            RawClient queued = new RawClient(base).send(CONNECT);
            try (queued) {
                RelayModule module = new RelayModule();
                AutoCloseable prepared = module.prepare(context, camel);
                module.install(context, camel);
                addRoute(context, base);
                context.start();
                queued.socket.setSoTimeout(5_000);
                // the process-start socket was closed with the connection still in its queue: reset, not left hanging
                assertThatThrownBy(() -> {
                    if (queued.socket.getInputStream().read() < 0) {
                        throw new IOException("closed");
                    }
                }).isInstanceOf(IOException.class);
                assertThat(answer(base)).as("served by the module's own listening").startsWith("HTTP/1.1 407");
                assertThat(bootstrapOf(context, base).adoptedEarlySocket()).isTrue();
                prepared.close();
            }
        } finally {
            ProcessStartListening.release();
        }
    }

    @Test
    void should_release_the_process_start_sockets_when_camel_turns_early_listening_off() throws Exception {
        int base = FreePorts.consecutive(1);
        Properties off = new Properties();
        off.setProperty("relay.early-listen", "false");
        try (DefaultCamelContext context = context(new TestPool(), base, 1, off)) {
            Settings camel = new Settings(context);
            ProcessStartListening.begin(new Settings(k -> k.equals("relay.early-listen") ? Optional.empty() : camel.optional(k)));
            awaitAccepting(base);
            RelayModule module = new RelayModule();
            try (AutoCloseable prepared = module.prepare(context, camel)) {
                module.install(context, camel);
                assertRefused(base);
                assertThat(context.getRegistry().findByType(PreboundPorts.class)).isEmpty();
            }
        } finally {
            ProcessStartListening.release();
        }
    }

    @Test
    void should_not_listen_at_process_start_when_off_or_when_the_settings_cannot_be_read_that_early() throws Exception {
        int base = FreePorts.consecutive(1);
        try (DefaultCamelContext context = context(new TestPool(), base, 1)) {
            Settings camel = new Settings(context);
            ProcessStartListening.begin(new Settings(k -> k.equals("relay.early-listen") ? Optional.of("false") : camel.optional(k)));
            assertRefused(base);
            assertThat(ProcessStartListening.claim(camel)).isNull();

            ProcessStartListening.begin(new Settings(k -> {
                if (k.equals("pool.bind")) {
                    throw new IllegalArgumentException("property pool.bind = {{sys:x}}: not resolvable this early");
                }
                return camel.optional(k);
            })); // logged, not thrown: Camel reports bad settings properly later
            assertRefused(base);
            assertThat(ProcessStartListening.claim(camel)).isNull();
        } finally {
            ProcessStartListening.release();
        }
    }

    /** Settings read from the same values the context resolves (as BootProperties reads the shipped file). */
    private static Settings sameAsCamel(DefaultCamelContext context) {
        Settings camel = new Settings(context);
        return new Settings(camel::optional);
    }

    private interface Checks {
        void run(DefaultCamelContext context) throws Exception;
    }

    /** The relay module prepared and installed on a one-line pool with one property set; closed after the checks. */
    private void withInstalledRelay(int base, String key, String value, Checks checks) throws Exception {
        Properties extra = new Properties();
        extra.setProperty(key, value);
        try (DefaultCamelContext context = context(new TestPool(), base, 1, extra)) {
            RelayModule module = new RelayModule();
            try (AutoCloseable prepared = module.prepare(context, new Settings(context))) {
                module.install(context, new Settings(context));
                checks.run(context);
            }
        }
    }

    private DefaultCamelContext context(TestPool pool, int base, int lines) throws IOException {
        return context(pool, base, lines, new Properties());
    }

    private DefaultCamelContext context(TestPool pool, int base, int lines, Properties extra) throws IOException {
        Path file = dir.resolve("proxy.txt");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            text.append("u").append(i).append(":p@127.0.0.1:").append(ExternalProxy.freePort()).append('\n');
        }
        Files.writeString(file, text);
        DefaultCamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("pool", UpstreamPool.class, pool);
        context.getRegistry().bind("access", AccessService.class, new TestAccess());
        Properties p = new Properties();
        p.setProperty("pool.file", file.toString());
        p.setProperty("pool.port-base", String.valueOf(base));
        p.setProperty("pool.bind", "127.0.0.1");
        p.setProperty("relay.connect-timeout", "2");
        p.putAll(extra);
        context.getPropertiesComponent().setInitialProperties(p);
        return context;
    }

    private static void addRoute(DefaultCamelContext context, int port) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("netty:tcp://127.0.0.1:" + port + "?serverInitializerFactory=#relayInit&sync=false"
                        + "&reuseAddress=true&usingExecutorService=false").routeId("relay-" + port).stop();
            }
        });
    }

    private static ListenerBootstrap bootstrapOf(DefaultCamelContext context, int port) {
        NettyConsumer consumer = (NettyConsumer) context.getRoute("relay-" + port).getConsumer();
        assertThat(consumer.getNettyServerBootstrapFactory()).isInstanceOf(ListenerBootstrap.class);
        return (ListenerBootstrap) consumer.getNettyServerBootstrapFactory();
    }

    private static String answer(int port) throws IOException {
        try (RawClient client = new RawClient(port)) {
            return client.send(CONNECT).head();
        }
    }

    /** Waits (bounded) for the background listen to have bound the port. */
    private static void awaitAccepting(int port) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).ignoreExceptions().until(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            }
        });
    }

    private static void assertRefused(int port) {
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            }
        }).as("port %d refuses", port).isInstanceOf(ConnectException.class);
    }
}
