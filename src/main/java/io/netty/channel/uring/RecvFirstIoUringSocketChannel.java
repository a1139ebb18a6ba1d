package io.netty.channel.uring;

import io.netty.channel.Channel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketChannelConfig;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Netty 4.2's io_uring TCP channel, except that a read starts with the receive itself instead of a
 * {@code POLLIN} poll and a receive after it: Netty polls first so that an idle socket pins no buffer
 * (the kernel holds the receive's buffer until data comes), and a relay's short tunnel pays for it with
 * a poll, its completion and one more pass of the loop on nearly every read. Here a receive waits in
 * the kernel (io_uring arms its own poll for it and receives as soon as data arrives) while the
 * channel is young: the first {@link #RECV_FIRST_READS} reads, which cover a tunnel's handshake and a
 * short exchange. After that the channel polls first again, so a long-lived idle tunnel pins no
 * buffer (the idle-memory target of 8 KiB per tunnel).
 *
 * <p>The body is {@link IoUringSocketChannel}'s (Netty 4.2.18, final there) without its zero-copy
 * send paths, which only {@code IO_URING_WRITE_ZERO_COPY_THRESHOLD} turns on and the relay never sets;
 * its config is Netty's, copied because Netty's casts to its own final class. It lives in Netty's
 * package because the base class is package-private. Re-check it after a Netty upgrade
 * ({@code RecvFirstIoUringSocketChannelTest}; a changed base class fails the compile).
 */
public final class RecvFirstIoUringSocketChannel extends AbstractIoUringStreamChannel implements SocketChannel {

    /** Reads of a channel's life that start with the receive; later ones poll first, as Netty does. */
    public static final int RECV_FIRST_READS = 8;

    private final RecvFirstIoUringSocketChannelConfig config;
    private int readsStarted;

    /** An outgoing channel (the relay's upstream side) of the family Netty prefers (IPv6 when the host has it). */
    public RecvFirstIoUringSocketChannel() {
        this(LinuxSocket.newSocketStream());
    }

    private RecvFirstIoUringSocketChannel(LinuxSocket socket) {
        super(null, socket, false);
        this.config = new RecvFirstIoUringSocketChannelConfig(this);
    }

    /** An outgoing IPv4 channel, for IPv4 upstreams (no IPv4-mapped address on an IPv6 socket). */
    public static RecvFirstIoUringSocketChannel ipv4() {
        return new RecvFirstIoUringSocketChannel(LinuxSocket.newSocketStream(false));
    }

    RecvFirstIoUringSocketChannel(Channel parent, LinuxSocket fd) {
        super(parent, fd, true);
        this.config = new RecvFirstIoUringSocketChannelConfig(this);
    }

    RecvFirstIoUringSocketChannel(Channel parent, LinuxSocket fd, SocketAddress remote) {
        super(parent, fd, remote);
        this.config = new RecvFirstIoUringSocketChannelConfig(this);
    }

    @Override
    boolean isPollInFirst() {
        // asked once at the start of every read (Netty's doBeginReadNow, before it looks whether data is
        // known to be waiting), on the channel's loop
        return ++readsStarted > RECV_FIRST_READS && super.isPollInFirst();
    }

    /** Reads started so far; the test's view of the switch-over. */
    int readsStarted() {
        return readsStarted;
    }

    @Override
    public ServerSocketChannel parent() {
        return (ServerSocketChannel) super.parent();
    }

    @Override
    public SocketChannelConfig config() {
        return config;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) super.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    protected AbstractUringUnsafe newUnsafe() {
        return new IoUringStreamUnsafe();
    }
}
