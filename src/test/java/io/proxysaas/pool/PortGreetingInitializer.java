package io.proxysaas.pool;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.component.netty.NettyConsumer;
import org.apache.camel.component.netty.ServerInitializerFactory;

/**
 * Stand-in for the relay's {@code relayInit} in pool tests: greets each connection with
 * "port N generation G" and then echoes, so a test can tell which listener (and which bind of it) answered.
 */
class PortGreetingInitializer extends ServerInitializerFactory {

    private final Map<Integer, Integer> binds;
    private final int port;
    private final int generation;

    PortGreetingInitializer() {
        this(new ConcurrentHashMap<>(), 0, 0);
    }

    private PortGreetingInitializer(Map<Integer, Integer> binds, int port, int generation) {
        this.binds = binds;
        this.port = port;
        this.generation = generation;
    }

    /** How many times a listener was created on {@code port}: a re-bind increments it. */
    int binds(int port) {
        return binds.getOrDefault(port, 0);
    }

    @Override
    public ServerInitializerFactory createPipelineFactory(NettyConsumer consumer) {
        int p = consumer.getConfiguration().getPort();
        return new PortGreetingInitializer(binds, p, binds.merge(p, 1, Integer::sum));
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline().addLast("greet-echo", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(Unpooled.copiedBuffer("port " + port + " generation " + generation + "\n",
                        StandardCharsets.US_ASCII));
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.writeAndFlush(msg);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        });
    }
}
