package io.proxysaas.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import java.util.Map;

/**
 * The child handler of a relay listening socket: gives each accepted socket the options and the
 * pipeline of the listener route that adopted the socket ({@link #adopt}). A socket listening before
 * any route took it accepts nothing (no auto-read), so the "not adopted" branch only closes what a
 * race could let through.
 */
@ChannelHandler.Sharable
final class AdoptableInitializer extends ChannelInitializer<Channel> {

    private record Adopted(ChannelInitializer<Channel> pipeline, Map<ChannelOption<?>, Object> childOptions) {
    }

    private volatile Adopted adopted;

    /** From now on accepted sockets get these options, then this initializer's handlers. */
    void adopt(ChannelInitializer<Channel> pipeline, Map<ChannelOption<?>, Object> childOptions) {
        adopted = new Adopted(pipeline, Map.copyOf(childOptions));
    }

    boolean isAdopted() {
        return adopted != null;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void initChannel(Channel ch) {
        Adopted current = adopted;
        if (current == null) {
            ch.close();
            return;
        }
        current.childOptions().forEach((option, value) -> ch.config().setOption((ChannelOption<Object>) option, value));
        if (current.pipeline() instanceof RelayInitializerFactory relay) {
            relay.initChannel(ch); // the relay's handlers directly: no second initializer added and removed per socket
        } else {
            ch.pipeline().addLast(current.pipeline());
        }
    }
}
