package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.proxysaas.access.AccessService;
import io.proxysaas.config.Settings;
import io.proxysaas.pool.Upstream;
import io.proxysaas.pool.UpstreamPool;
import io.proxysaas.pool.UpstreamScheme;
import java.util.Properties;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.netty.NettyComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** RelayModule in a real CamelContext: beans bound, shared groups used by a camel-netty relay route. */
class RelayModuleTest {

    @Test
    void should_wire_the_relay_into_camel_netty_and_serve_a_port() throws Exception {
        int port = ExternalProxy.freePort();
        TestPool pool = new TestPool();
        try (TargetServer target = new TargetServer();
             DefaultCamelContext context = new DefaultCamelContext()) {
            // A down upstream answering 502 (not Camel echoing bytes) proves the pipeline is ours.
            pool.put(port, new Upstream(UpstreamScheme.HTTP, "127.0.0.1", ExternalProxy.freePort(), null, null));
            context.getRegistry().bind("pool", UpstreamPool.class, pool);
            context.getRegistry().bind("access", AccessService.class, new TestAccess());
            Properties p = new Properties();
            p.setProperty("relay.handshake-timeout", "5");
            p.setProperty("relay.connect-timeout", "2");
            p.setProperty("relay.node-name", "module-node");
            context.getPropertiesComponent().setInitialProperties(p);
            new RelayModule().install(context, new Settings(context));
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("netty:tcp://127.0.0.1:" + port + "?serverInitializerFactory=#relayInit&sync=false")
                            .routeId("relay-" + port).to("log:never");
                }
            });
            context.start();

            assertThat(context.getRegistry().lookupByName("relayInit")).isInstanceOf(RelayInitializerFactory.class);
            assertThat(context.getRegistry().lookupByName("connectionRegistry")).isInstanceOf(ConnectionRegistry.class);
            EventLoopGroup worker = context.getRegistry().lookupByNameAndType("workerGroup", EventLoopGroup.class);
            assertThat(context.getComponent("netty", NettyComponent.class).getConfiguration().getWorkerGroup())
                    .isSameAs(worker);
            Curl.Result r = Curl.run("-o", "/dev/null", "-w", "%{http_code}", "-x",
                    "http://alice:wonder@127.0.0.1:" + port, target.url("/small"));
            assertThat(r.out()).as(r.err()).isEqualTo("502");
            Curl.Result denied = Curl.run("-o", "/dev/null", "-w", "%{http_code}", "-x",
                    "http://127.0.0.1:" + port, target.url("/small"));
            assertThat(denied.out()).isEqualTo("407");
            context.stop();
            assertThat(worker.isShutdown()).isTrue();
        }
    }
}
