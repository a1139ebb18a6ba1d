package io.netty.channel.uring;

import io.netty.channel.Channel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.ServerSocketChannelConfig;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * An io_uring server channel over a socket that is already bound and listening, as
 * {@code new EpollServerSocketChannel(fd)} is for epoll: Netty 4.2's {@link IoUringServerSocketChannel}
 * always makes its own socket, so the pool's ports, listening since the process started
 * (proxy-saas {@code relay.EarlyListeners}), could otherwise not be served by io_uring loops without
 * being closed and bound again. The body is {@link IoUringServerSocketChannel}'s (Netty 4.2.18), with
 * the constructor of its epoll sibling; it lives in Netty's package because the socket type and the
 * base class's constructor are package-private there. Re-check it after a Netty upgrade (a changed
 * base class fails the compile; {@code EarlyListenTest} and {@code TransportTest} run it).
 */
public final class AdoptedIoUringServerSocketChannel extends AbstractIoUringServerChannel
        implements ServerSocketChannel {

    private final IoUringServerSocketChannelConfig config;

    /** Takes over {@code fd}, a bound and listening non-blocking TCP socket; the channel closes it. */
    public AdoptedIoUringServerSocketChannel(int fd) {
        super(new LinuxSocket(fd), true);
        this.config = new IoUringServerSocketChannelConfig(this);
    }

    @Override
    public ServerSocketChannelConfig config() {
        return config;
    }

    @Override
    Channel newChildChannel(int fd, ByteBuffer acceptedAddressMemory) {
        IoUringIoHandler handler = registration().attachment();
        LinuxSocket socket = new LinuxSocket(fd);
        if (acceptedAddressMemory != null) {
            // no multishot accept: the address written by this accept is this connection's
            final InetSocketAddress address;
            if (socket.isIpv6()) {
                address = SockaddrIn.getIPv6(acceptedAddressMemory, handler.inet6AddressArray(),
                        handler.inet4AddressArray());
            } else {
                address = SockaddrIn.getIPv4(acceptedAddressMemory, handler.inet4AddressArray());
            }
            return new RecvFirstIoUringSocketChannel(this, socket, address);
        }
        return new RecvFirstIoUringSocketChannel(this, socket);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) super.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }
}
