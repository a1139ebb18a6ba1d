package io.proxysaas.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CamelListenerControlTest {

    private PoolCamel camel;
    private CamelListenerControl listeners;
    private int base;

    @BeforeEach
    void start() throws Exception {
        base = FreePorts.base(3);
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
}
