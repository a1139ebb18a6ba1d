package io.proxysaas.pool;

import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * A real camel-main application for pool tests: routes from the worktree's {@code routes/} folder,
 * a {@link PortGreetingInitializer} as {@code relayInit} and shared Netty event loop groups wired
 * the way the relay module wires them. Closing it stops Camel and the groups.
 */
final class PoolCamel implements AutoCloseable {

    static final Path ROUTES = Path.of("routes").toAbsolutePath();

    final Main main = new Main();
    final PortGreetingInitializer relayInit = new PortGreetingInitializer();
    private final NioEventLoopGroup boss = new NioEventLoopGroup(1);
    private final NioEventLoopGroup workers = new NioEventLoopGroup(2);

    /** {@code routesGlob} like {@code listener.yaml} or {@code *.yaml}; {@code configuration} may install modules. */
    PoolCamel(String routesGlob, Map<String, String> properties, CamelConfiguration configuration) {
        main.addOverrideProperty("camel.main.routes-include-pattern", "file:" + ROUTES + "/" + routesGlob);
        main.addOverrideProperty("camel.server.enabled", "false");
        main.addOverrideProperty("camel.main.name", "pool-test");
        main.addOverrideProperty("camel.component.netty.bossGroup", "#bossGroup");
        main.addOverrideProperty("camel.component.netty.workerGroup", "#workerGroup");
        main.addOverrideProperty("camel.component.netty.usingExecutorService", "false");
        properties.forEach(main::addOverrideProperty);
        main.bind("relayInit", relayInit);
        main.bind("bossGroup", boss);
        main.bind("workerGroup", workers);
        if (configuration != null) {
            main.configure().addConfiguration(configuration);
        }
    }

    PoolCamel start() throws Exception {
        main.start();
        return this;
    }

    CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() throws Exception {
        try {
            main.stop();
        } finally {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
