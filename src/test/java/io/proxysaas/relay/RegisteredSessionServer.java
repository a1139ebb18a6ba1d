package io.proxysaas.relay;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.proxysaas.access.AccessService;
import io.proxysaas.access.Admission;
import io.proxysaas.access.Credentials;
import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerStatus;
import io.proxysaas.customer.Plan;
import io.proxysaas.observe.ConnectionObserver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;

/**
 * For tests of other capabilities: a loopback server whose every accepted socket becomes an admitted
 * {@link RelaySession} of {@code username} in the given {@link ConnectionRegistry} (no relaying), so a
 * kick can be seen to close a real socket.
 */
public final class RegisteredSessionServer implements AutoCloseable {

    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;

    public RegisteredSessionServer(ConnectionRegistry registry, String username) throws InterruptedException {
        RelayServices services = new RelayServices(null, new NoAccess(), RelaySettings.defaults("test"), null,
                ConnectionObserver.NONE, registry, null);
        Customer customer = new Customer(username, "hash", "key", "plan", null, CustomerStatus.ACTIVE, null, null,
                List.of(), null, Instant.now());
        Plan plan = new Plan("plan", 0, 0, 0, 0, 0, 0, 0, 0, 0);
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                RelaySession session = new RelaySession(ch, services, 1);
                                session.granted(new Admission.Grant(customer, plan, 1,
                                        ch.remoteAddress().getAddress().getHostAddress()));
                                ctx.fireChannelActive();
                            }
                        });
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Admission is not under test here: grants are made by hand and releases ignored. */
    private static final class NoAccess implements AccessService {
        @Override
        public Admission admit(int port, Credentials credentials, InetAddress clientIp) {
            throw new UnsupportedOperationException("sessions are granted by hand");
        }

        @Override
        public void release(Admission.Grant grant) {
        }
    }
}
