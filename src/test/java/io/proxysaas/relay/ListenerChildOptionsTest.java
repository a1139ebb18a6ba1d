package io.proxysaas.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.netty.NettyConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The options an accepted customer socket gets: TCP keep-alive only where a probe could ever be sent. */
class ListenerChildOptionsTest {

    private static final Duration TWO_HOURS = Duration.ofHours(2);

    @Test
    void keepAliveOnlyWhenTheIdleTimeoutLetsAProbeHappen() {
        assertFalse(ListenerBootstrap.keepAliveUseful(true, Duration.ofMinutes(5), TWO_HOURS), "5 min idle closes first");
        assertFalse(ListenerBootstrap.keepAliveUseful(true, Duration.ofSeconds(7199), TWO_HOURS));
        assertTrue(ListenerBootstrap.keepAliveUseful(true, TWO_HOURS, TWO_HOURS), "a probe at the idle deadline counts");
        assertTrue(ListenerBootstrap.keepAliveUseful(true, Duration.ofHours(3), TWO_HOURS));
        assertTrue(ListenerBootstrap.keepAliveUseful(true, Duration.ofMinutes(5), Duration.ofMinutes(1)),
                "a kernel probing after 1 min finds dead peers before a 5 min idle timeout");
        assertFalse(ListenerBootstrap.keepAliveUseful(false, Duration.ofHours(3), TWO_HOURS), "switched off in the route");
    }

    @Test
    void kernelKeepAliveTimeIsReadOrDefaultsToTwoHours(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tcp_keepalive_time");
        Files.writeString(file, "600\n");
        assertEquals(Duration.ofSeconds(600), ListenerBootstrap.kernelKeepAliveTime(file));
        Files.writeString(file, "not a number\n");
        assertEquals(TWO_HOURS, ListenerBootstrap.kernelKeepAliveTime(file), "garbage");
        Files.writeString(file, "");
        assertEquals(TWO_HOURS, ListenerBootstrap.kernelKeepAliveTime(file), "empty");
        assertEquals(TWO_HOURS, ListenerBootstrap.kernelKeepAliveTime(dir.resolve("missing")), "missing");
        Path proc = Path.of("/proc/sys/net/ipv4/tcp_keepalive_time"); // size 0 in stat, as every /proc file
        if (Files.isReadable(proc)) {
            assertEquals(Duration.ofSeconds(Long.parseLong(Files.readAllLines(proc).get(0).trim())),
                    ListenerBootstrap.kernelKeepAliveTime(proc));
        }
    }

    @Test
    void childOptionsFollowTheRule() {
        NettyConfiguration config = new NettyConfiguration(); // camel-netty's default: keepAlive on, TCP_NODELAY on
        Map<ChannelOption<?>, Object> shortIdle = ListenerBootstrap.childOptions(config, Duration.ofMinutes(5));
        assertFalse(shortIdle.containsKey(ChannelOption.SO_KEEPALIVE), shortIdle.toString());
        assertFalse(shortIdle.containsKey(ChannelOption.TCP_NODELAY), "already Netty's default");
        Duration longIdle = ListenerBootstrap.KERNEL_KEEPALIVE_TIME.plusSeconds(1);
        assertEquals(Boolean.TRUE, ListenerBootstrap.childOptions(config, longIdle).get(ChannelOption.SO_KEEPALIVE));
        config.setKeepAlive(false);
        assertFalse(ListenerBootstrap.childOptions(config, longIdle).containsKey(ChannelOption.SO_KEEPALIVE));
    }

    /** On real accepted sockets of the relay's loops: what the kernel reports for SO_KEEPALIVE. */
    @Test
    void acceptedSocketsHaveKeepAliveAsTheRuleSays() throws Exception {
        NettyConfiguration config = new NettyConfiguration();
        assertFalse(acceptedKeepAlive(ListenerBootstrap.childOptions(config, Duration.ofMinutes(5))));
        assertTrue(acceptedKeepAlive(ListenerBootstrap.childOptions(config,
                ListenerBootstrap.KERNEL_KEEPALIVE_TIME.plusSeconds(1))));
    }

    private static boolean acceptedKeepAlive(Map<ChannelOption<?>, Object> childOptions) throws Exception {
        CompletableFuture<Boolean> seen = new CompletableFuture<>();
        AdoptableInitializer initializer = new AdoptableInitializer();
        initializer.adopt(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                seen.complete(ch.config().getOption(ChannelOption.SO_KEEPALIVE));
                ch.close();
            }
        }, childOptions);
        try (Transport transport = TestTransports.fastest(1)) {
            Channel server = new ServerBootstrap().group(transport.bossGroup(), transport.childGroup())
                    .channel(transport.serverChannelClass()).childHandler(initializer)
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            try (Socket client = new Socket("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort())) {
                return seen.get(10, TimeUnit.SECONDS);
            } finally {
                server.close().sync();
            }
        }
    }
}
