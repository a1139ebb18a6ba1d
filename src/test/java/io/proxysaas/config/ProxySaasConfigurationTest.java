package io.proxysaas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The start-up order: every module prepares before the first install; a failure releases the rest. */
class ProxySaasConfigurationTest {

    private final List<String> events = new CopyOnWriteArrayList<>();

    /** Prepares a background start of {@code name} and takes it over in install. */
    private class Starting implements Module {
        private final String name;
        private final String installFailure;
        private BackgroundStart<String> start;

        Starting(String name, String installFailure) {
            this.name = name;
            this.installFailure = installFailure;
        }

        @Override
        public AutoCloseable prepare(CamelContext context, Settings settings) {
            events.add("prepare " + name);
            start = BackgroundStart.begin(name, () -> name + "-resource", r -> events.add("released " + r));
            return start;
        }

        @Override
        public void install(CamelContext context, Settings settings) throws Exception {
            String resource = start.take();
            if (installFailure != null) {
                throw new IllegalStateException(installFailure);
            }
            events.add("installed " + resource);
        }
    }

    @Test
    void should_prepare_every_module_before_installing_the_first() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            ProxySaasConfiguration.install(context, new Settings(context),
                    List.of(new Starting("db", null), new Starting("member", null)));
        }

        assertThat(events).containsExactly("prepare db", "prepare member", "installed db-resource",
                "installed member-resource");
    }

    @Test
    void should_prepare_a_module_that_asks_first_before_the_others_and_install_it_in_its_place() throws Exception {
        Module listener = new Starting("listener", null) {
            @Override
            public boolean prepareFirst() {
                return true;
            }
        };
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            ProxySaasConfiguration.install(context, new Settings(context),
                    List.of(new Starting("db", null), listener, new Starting("member", null)));
        }

        assertThat(events).containsExactly("prepare listener", "prepare db", "prepare member", "installed db-resource",
                "installed listener-resource", "installed member-resource");
    }

    @Test
    void should_fail_with_the_modules_message_and_release_what_others_started() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            assertThatThrownBy(() -> ProxySaasConfiguration.install(context, new Settings(context),
                    List.of(new Starting("db", "cannot connect to jdbc:mariadb://127.0.0.1:1/x"),
                            new Starting("member", null))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot connect to jdbc:mariadb://127.0.0.1:1/x");
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("released member-resource"));
        assertThat(events).doesNotContain("installed member-resource", "released db-resource");
    }

    @Test
    void should_install_a_module_without_prepare_work() throws Exception {
        Module plain = (context, settings) -> events.add("installed plain");
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            ProxySaasConfiguration.install(context, new Settings(context), List.of(plain));
        }

        assertThat(events).containsExactly("installed plain");
    }
}
