package io.proxysaas.relay;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.component.netty.NettyConfiguration;
import org.apache.camel.component.netty.NettyConsumer;
import org.apache.camel.component.netty.NettyServerBootstrapConfiguration;
import org.apache.camel.component.netty.NettyServerBootstrapFactory;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The listening socket of one relay listener route (set on its camel-netty consumer by
 * {@link ListenerAdoption}): on start it adopts the socket {@link EarlyListeners} opened for the
 * port at process start, or binds one itself as camel-netty's own single-port factory does, with
 * the endpoint's server and child options (minus child options that change nothing); on stop it
 * closes it. Either way each accepted socket gets the relay's pipeline for the port
 * ({@code serverInitializerFactory}), as before.
 */
final class ListenerBootstrap extends ServiceSupport implements NettyServerBootstrapFactory {

    private static final long CLOSE_WAIT_SECONDS = 10;
    /** The kernel's idle time before its first keep-alive probe (Linux default 2 h), read once. */
    static final Duration KERNEL_KEEPALIVE_TIME = kernelKeepAliveTime(Path.of("/proc/sys/net/ipv4/tcp_keepalive_time"));

    private final NettyConsumer consumer;
    private final Transport transport;
    private final EarlyListeners early;
    private volatile Channel channel;
    private volatile boolean adopted;

    /** @param early sockets opened at process start, or null */
    ListenerBootstrap(NettyConsumer consumer, Transport transport, EarlyListeners early) {
        this.consumer = consumer;
        this.transport = transport;
        this.early = early;
    }

    @Override
    protected void doStart() throws Exception {
        NettyConfiguration config = consumer.getConfiguration();
        if (config.getOptions() != null && !config.getOptions().isEmpty()) {
            throw new IllegalArgumentException("the relay listener on port " + config.getPort()
                    + " does not take netty option.* parameters " + config.getOptions().keySet()
                    + ": remove them from routes/listener.yaml");
        }
        ChannelInitializer<Channel> pipeline = config.getServerInitializerFactory().createPipelineFactory(consumer);
        Duration idle = config.getServerInitializerFactory() instanceof RelayInitializerFactory relay
                ? relay.idleTimeout() : KERNEL_KEEPALIVE_TIME; // not the relay's pipeline: the option as configured
        Map<ChannelOption<?>, Object> childOptions = childOptions(config, idle);
        EarlyListeners.Prebound prebound = early == null ? null : early.take(config.getHost(), config.getPort());
        if (prebound != null) {
            if (config.getBacklog() <= 0 && prebound.channel().isActive()) {
                prebound.initializer().adopt(pipeline, childOptions);
                channel = prebound.channel();
                adopted = true;
                channel.config().setAutoRead(true); // accepts what queued meanwhile, then keeps accepting
                return;
            }
            // an explicit backlog is a listen() argument: only a fresh socket can have it
            prebound.channel().close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        }
        AdoptableInitializer initializer = new AdoptableInitializer();
        initializer.adopt(pipeline, childOptions);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(transport.bossGroup(), transport.childGroup())
                .channel(transport.serverChannelClass())
                .option(ChannelOption.SO_REUSEADDR, config.isReuseAddress())
                .childHandler(initializer);
        if (config.getBacklog() > 0) {
            bootstrap.option(ChannelOption.SO_BACKLOG, config.getBacklog());
        }
        channel = bootstrap.bind(new InetSocketAddress(config.getHost(), config.getPort())).sync().channel();
        adopted = false;
    }

    /**
     * The endpoint's options for accepted sockets, minus the system calls that change nothing (one
     * setsockopt each, per customer socket): Netty's socket channels already have TCP_NODELAY on,
     * SO_REUSEADDR only matters for a socket that binds, which an accepted one never does, and
     * SO_KEEPALIVE only when the relay's idle timeout lets a socket stay quiet long enough for a
     * keep-alive probe ({@link #keepAliveUseful}).
     *
     * @param idleTimeout the relay's idle timeout ({@code relay.idle-timeout})
     */
    static Map<ChannelOption<?>, Object> childOptions(NettyConfiguration config, Duration idleTimeout) {
        Map<ChannelOption<?>, Object> options = new HashMap<>();
        if (keepAliveUseful(config.isKeepAlive(), idleTimeout, KERNEL_KEEPALIVE_TIME)) {
            options.put(ChannelOption.SO_KEEPALIVE, true);
        }
        options.put(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.getConnectTimeout());
        if (!config.isTcpNoDelay()) {
            options.put(ChannelOption.TCP_NODELAY, false);
        }
        return options;
    }

    /**
     * Whether TCP keep-alive can ever act on a customer socket: the kernel sends its first probe after
     * {@code kernelKeepAlive} without traffic, and the relay closes a tunnel quiet for its idle timeout,
     * so with an idle timeout below the kernel's time (5 min against 2 h by default) no probe is ever
     * sent and setting the option is one wasted system call per socket. An idle timeout of the
     * kernel's time or longer (or a kernel set below it) keeps the option, to find dead peers sooner.
     */
    static boolean keepAliveUseful(boolean configured, Duration idleTimeout, Duration kernelKeepAlive) {
        return configured && idleTimeout.compareTo(kernelKeepAlive) >= 0;
    }

    /** {@code tcp_keepalive_time} in seconds, or Linux's default 2 h when it cannot be read. */
    static Duration kernelKeepAliveTime(Path file) {
        // a reader, not Files.readString: /proc files report size 0 and readString returned "7" of "7200"
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String line = in.readLine();
            return Duration.ofSeconds(Long.parseLong(line == null ? "" : line.trim()));
        } catch (IOException | RuntimeException e) {
            return Duration.ofHours(2);
        }
    }

    @Override
    protected void doStop() {
        Channel current = channel;
        channel = null;
        if (current != null) {
            current.close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Whether the running socket was opened at process start (else bound by this route). */
    boolean adoptedEarlySocket() {
        return adopted && channel != null;
    }

    // The consumer calls init only on a factory it made itself; this one comes ready-made.
    @Override
    public void init(CamelContext camelContext, NettyServerBootstrapConfiguration configuration,
                     ChannelInitializer<Channel> pipelineFactory) {
        throw new UnsupportedOperationException("the relay's listener bootstrap is made for one consumer");
    }

    @Override
    public void init(ThreadFactory threadFactory, NettyServerBootstrapConfiguration configuration,
                     ChannelInitializer<Channel> pipelineFactory) {
        throw new UnsupportedOperationException("the relay's listener bootstrap is made for one consumer");
    }

    // Camel's own ServerChannelHandler (which tracks channels and consumers) is never in the relay's pipeline.
    @Override
    public void addChannel(Channel channel) {
    }

    @Override
    public void removeChannel(Channel channel) {
    }

    @Override
    public void addConsumer(NettyConsumer consumer) {
    }

    @Override
    public void removeConsumer(NettyConsumer consumer) {
    }
}
