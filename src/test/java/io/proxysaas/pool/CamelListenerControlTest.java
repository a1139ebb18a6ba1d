package io.proxysaas.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxysaas.it.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.camel.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CamelListenerControlTest {

    private static final int BATCH = 3 * CamelListenerControl.BULK_MIN_PORTS;

    private PoolCamel camel;
    private CamelListenerControl listeners;
    private int base;

    @BeforeEach
    void start() throws Exception {
        base = FreePorts.consecutive(BATCH);
        camel = new PoolCamel("listener.yaml", Map.of(), null).start();
        assertThat(camel.context().getRoutes()).as("only the template is loaded, no routes").isEmpty();
        listeners = new CamelListenerControl(camel.context(), "127.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    static String greeting(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void should_bind_a_route_per_port_from_the_yaml_template() throws Exception {
        listeners.bind(base);
        assertThat(listeners.isBound(base)).isTrue();
        assertThat(camel.context().getRoute("relay-" + base)).isNotNull();
        assertThat(greeting(base)).isEqualTo("port " + base + " generation 1");
        listeners.bind(base);
        assertThat(camel.relayInit.binds(base)).as("binding a bound port again is a no-op").isEqualTo(1);
    }

    @Test
    void should_unbind_and_rebind() throws Exception {
        listeners.bind(base);
        listeners.unbind(base);
        assertThat(listeners.isBound(base)).isFalse();
        assertThat(camel.context().getRoute("relay-" + base)).isNull();
        assertThatThrownBy(() -> greeting(base)).isInstanceOf(IOException.class);
        listeners.bind(base);
        assertThat(greeting(base)).isEqualTo("port " + base + " generation 2");
    }

    @Test
    void should_rebind_at_once_after_unbind_while_the_old_socket_is_still_being_released() throws Exception {
        for (int i = 1; i <= 30; i++) {
            listeners.bind(base + 2);
            listeners.unbind(base + 2);
        }
        listeners.bind(base + 2);
        assertThat(listeners.isBound(base + 2)).isTrue();
        // a bind retried while the old socket was being released counts as an extra generation
        assertThat(greeting(base + 2)).isEqualTo("port " + (base + 2) + " generation " + camel.relayInit.binds(base + 2));
        assertThat(camel.relayInit.binds(base + 2)).isGreaterThanOrEqualTo(31);
    }

    @Test
    void should_report_a_port_in_use_and_leave_no_half_made_route() throws Exception {
        try (ServerSocket taken = new ServerSocket(base + 1, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> listeners.bind(base + 1))
                    .isInstanceOf(ListenerControl.BindFailedException.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + (base + 1) + ": ")
                    .hasMessageContaining("Address already in use")
                    .hasCauseInstanceOf(Exception.class);
            assertThat(listeners.isBound(base + 1)).isFalse();
            assertThat(camel.context().getRoute("relay-" + (base + 1))).isNull();
        }
        listeners.bind(base + 1);
        assertThat(greeting(base + 1)).startsWith("port " + (base + 1));
    }

    @Test
    void should_retry_a_port_still_in_use_without_making_a_route_and_bind_it_once_free() throws Exception {
        java.util.concurrent.atomic.AtomicInteger routesAdded = new java.util.concurrent.atomic.AtomicInteger();
        camel.context().getManagementStrategy().addEventNotifier(new org.apache.camel.support.EventNotifierSupport() {
            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) {
                if (event instanceof org.apache.camel.spi.CamelEvent.RouteAddedEvent) {
                    routesAdded.incrementAndGet();
                }
            }
        });
        try (ServerSocket taken = new ServerSocket(base + 3, 1, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> listeners.retry(base + 3))
                        .isInstanceOf(ListenerControl.BindFailedException.class)
                        .hasMessage("cannot listen on 127.0.0.1:" + (base + 3) + ": Address already in use");
            }
            assertThat(routesAdded).as("no route made while the port is held").hasValue(0);
            assertThat(listeners.isBound(base + 3)).isFalse();
            assertThat(taken.isBound()).as("the probe left the other process's socket alone").isTrue();
        }
        listeners.retry(base + 3);
        assertThat(listeners.isBound(base + 3)).isTrue();
        assertThat(routesAdded).hasValue(1);
        assertThat(greeting(base + 3)).isEqualTo("port " + (base + 3) + " generation 1");
        listeners.retry(base + 3);
        assertThat(camel.relayInit.binds(base + 3)).as("retrying a bound port is a no-op").isEqualTo(1);
    }

    @Test
    void should_probe_ports_by_their_address_family() throws Exception {
        try (ServerSocket taken = new ServerSocket(base + 4, 1, InetAddress.getLoopbackAddress())) {
            assertThat(PortProbe.busy("127.0.0.1", base + 4)).hasValueSatisfying(
                    reason -> assertThat(reason).contains("Address already in use"));
        }
        assertThat(PortProbe.busy("127.0.0.1", base + 4)).isEmpty();
        assertThat(PortProbe.busy("::1", base + 4)).as("::1 is another address").isEmpty();
        assertThat(PortProbe.busy("no-such-host.invalid", base + 4)).as("left for the real bind to report").isEmpty();
    }

    private List<Integer> batch() {
        return IntStream.range(base, base + BATCH).boxed().collect(Collectors.toList());
    }

    @Test
    void should_bind_a_batch_of_ports_from_the_yaml_template_each_once() throws Exception {
        listeners.bind(base + 4);

        assertThat(listeners.bindAll(batch())).isEmpty();

        for (int port = base; port < base + BATCH; port++) {
            assertThat(listeners.isBound(port)).as("port %d bound", port).isTrue();
            assertThat(greeting(port)).isEqualTo("port " + port + " generation 1");
            Route route = camel.context().getRoute("relay-" + port);
            assertThat(route.getEndpoint().getEndpointUri()).as("URI from the template")
                    .startsWith("netty://tcp://127.0.0.1:" + port);
        }
        assertThat(camel.context().getRoutes()).hasSize(BATCH);
    }

    @Test
    void should_report_a_port_in_use_inside_a_batch_while_the_other_ports_of_the_batch_serve() throws Exception {
        int busy = base + BATCH / 2;
        try (ServerSocket taken = new ServerSocket(busy, 1, InetAddress.getLoopbackAddress())) {
            List<ListenerControl.BindFailedException> failures = listeners.bindAll(batch());

            assertThat(failures).singleElement().satisfies(f -> {
                assertThat(f.port()).isEqualTo(busy);
                assertThat(f.getMessage()).startsWith("cannot listen on 127.0.0.1:" + busy + ": ")
                        .contains("Address already in use");
            });
            assertThat(listeners.isBound(busy)).isFalse();
            assertThat(camel.context().getRoute("relay-" + busy)).as("no half-made route").isNull();
            for (int port = base; port < base + BATCH; port++) {
                if (port != busy) {
                    assertThat(greeting(port)).as("port %d of the batch serves", port).isEqualTo("port " + port + " generation 1");
                }
            }
        }
        assertThat(listeners.bindAll(List.of(busy))).isEmpty();
        assertThat(greeting(busy)).startsWith("port " + busy + " ");
    }

    @Test
    void should_rebind_a_batch_right_after_unbinding_it() throws Exception {
        assertThat(listeners.bindAll(batch())).isEmpty();
        batch().forEach(listeners::unbind);

        assertThat(listeners.bindAll(batch())).isEmpty();

        for (int port = base; port < base + BATCH; port++) {
            // a bind retried while the old socket was being released counts as an extra generation
            assertThat(greeting(port)).isEqualTo("port " + port + " generation " + camel.relayInit.binds(port));
        }
        listeners.unbind(base);
        assertThatThrownBy(() -> greeting(base)).isInstanceOf(IOException.class);
    }
}
