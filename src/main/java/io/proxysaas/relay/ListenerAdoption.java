package io.proxysaas.relay;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.Service;
import org.apache.camel.component.netty.NettyConsumer;
import org.apache.camel.component.netty.ServerInitializerFactory;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Gives every relay listener consumer (a camel-netty TCP server consumer whose
 * {@code serverInitializerFactory} is the relay's {@code relayInit}) a {@link ListenerBootstrap}, just before Camel
 * starts it: Camel announces each route consumer to the lifecycle strategies right before starting
 * it. Whatever path created the route (the pool's batch, one port at a time, a reload), its socket is
 * then the one listened on at process start when there is one.
 */
final class ListenerAdoption extends LifecycleStrategySupport {

    private final Transport transport;
    private final EarlyListeners early;
    private final ServerInitializerFactory listenerPipeline;

    /**
     * @param early            sockets opened at process start, or null
     * @param listenerPipeline the {@code serverInitializerFactory} that marks a relay listener ({@code relayInit})
     */
    ListenerAdoption(Transport transport, EarlyListeners early, ServerInitializerFactory listenerPipeline) {
        this.transport = transport;
        this.early = early;
        this.listenerPipeline = listenerPipeline;
    }

    @Override
    public void onServiceAdd(CamelContext context, Service service, Route route) {
        if (service instanceof NettyConsumer consumer && consumer.getNettyServerBootstrapFactory() == null
                && consumer.getConfiguration().getServerInitializerFactory() == listenerPipeline
                && "tcp".equalsIgnoreCase(consumer.getConfiguration().getProtocol())
                && !consumer.getConfiguration().isClientMode()
                && consumer.getConfiguration().getUnixDomainSocketPath() == null) {
            consumer.setNettyServerBootstrapFactory(new ListenerBootstrap(consumer, transport, early));
        }
    }
}
