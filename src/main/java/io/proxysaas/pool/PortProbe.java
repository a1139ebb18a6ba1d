package io.proxysaas.pool;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.Optional;

/**
 * Whether a port can be listened on, found with one plain bind and close (microseconds) instead of
 * creating, starting and removing a Camel route (tens of milliseconds). The bind-retry task asks
 * this first, so ports held by another process cost next to nothing while they stay held, however
 * many there are. Same address family and {@code SO_REUSEADDR} as the relay's listeners, so the
 * answer is the one their bind would get; only a {@link BindException} counts as busy, anything
 * else is left for the real bind to report.
 */
final class PortProbe {

    private PortProbe() {
    }

    /** The reason the port cannot be bound ("Address already in use"), or empty when it can. */
    static Optional<String> busy(String host, int port) {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            return Optional.empty();
        }
        StandardProtocolFamily family = address.getAddress() instanceof Inet4Address
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        try (ServerSocketChannel channel = ServerSocketChannel.open(family)) {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address, 1);
            return Optional.empty();
        } catch (BindException e) {
            return Optional.of(e.getMessage() == null ? "bind failed" : e.getMessage());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
