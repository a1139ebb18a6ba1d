package io.proxysaas.relay;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.proxysaas.access.AccessService;
import io.proxysaas.observe.ConnectionSummary;
import io.proxysaas.pool.Upstream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The relay on plain Netty (no Camel), one listening socket per logical pool port on 127.0.0.1:0,
 * with the in-test access rules, pool and an observer that keeps every summary.
 */
final class RelayHarness implements AutoCloseable {

    /** The in-test access rules, or null when the harness runs another {@link AccessService}. */
    final TestAccess access;
    final BandwidthShapers shapers = new BandwidthShapers();
    final TestPool pool = new TestPool();
    final ConnectionRegistry registry = new ConnectionRegistry();
    final ConcurrentLinkedQueue<ConnectionSummary> summaries = new ConcurrentLinkedQueue<>();
    final RelaySettings settings;
    private final Transport transport;
    private final RelayInitializerFactory factory;
    private final Map<Integer, Integer> realPorts = new HashMap<>();
    private final List<Channel> servers = new ArrayList<>();

    RelayHarness(Duration handshakeTimeout, Duration connectTimeout) {
        this(handshakeTimeout, connectTimeout, new TestAccess());
    }

    RelayHarness(Duration handshakeTimeout, Duration connectTimeout, AccessService accessService) {
        this(handshakeTimeout, connectTimeout, accessService, 2);
    }

    /** @param workerThreads event loops serving the customer sockets (1 puts every socket on one loop) */
    RelayHarness(Duration handshakeTimeout, Duration connectTimeout, AccessService accessService, int workerThreads) {
        transport = TestTransports.fastest(workerThreads);
        access = accessService instanceof TestAccess t ? t : null;
        settings = new RelaySettings(handshakeTimeout, connectTimeout, Duration.ofSeconds(30), 8192, "test-node");
        factory = new RelayInitializerFactory(pool, accessService, settings, transport, summaries::add, registry,
                shapers);
    }

    /** Binds logical pool port {@code logical} to {@code upstream}; returns the real local port. */
    int bind(int logical, Upstream upstream) throws InterruptedException {
        if (upstream != null) {
            pool.put(logical, upstream);
        }
        Channel server = new ServerBootstrap()
                .group(transport.bossGroup(), transport.workerGroup())
                .channel(transport.serverChannelClass())
                .childHandler(factory.forPort(logical))
                .bind("127.0.0.1", 0).sync().channel();
        servers.add(server);
        int real = ((InetSocketAddress) server.localAddress()).getPort();
        realPorts.put(logical, real);
        return real;
    }

    int port(int logical) {
        return realPorts.get(logical);
    }

    @Override
    public void close() {
        servers.forEach(Channel::close);
        transport.close();
    }
}
