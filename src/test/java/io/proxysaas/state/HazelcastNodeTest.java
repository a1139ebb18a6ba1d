package io.proxysaas.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HazelcastNodeTest {

    @Test
    void should_name_the_path_when_the_config_file_is_missing(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere.yaml");

        assertThatThrownBy(() -> HazelcastNode.fromFile(missing))
                .hasMessageContaining(missing.toAbsolutePath().toString())
                .hasMessageContaining("HAZELCAST_CONFIG");
    }

    @Test
    void should_name_the_path_and_keep_the_cause_when_the_config_is_bad(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "hazelcast:\n  network:\n    port: [unclosed\n");

        assertThatThrownBy(() -> HazelcastNode.fromFile(bad))
                .hasMessageContaining(bad.toAbsolutePath().toString())
                .hasCauseInstanceOf(RuntimeException.class);
    }

    @Test
    void should_leave_hazelcasts_own_metrics_off_in_the_shipped_file_and_the_embedded_member(@TempDir Path dir)
            throws Exception {
        // each collection walks every metric in one burst; nothing in the product reads them (docs/PERFORMANCE.md)
        assertThat(HazelcastNode.fromFile(Path.of("hazelcast.yaml")).getMetricsConfig().isEnabled())
                .isEqualTo(HazelcastNode.METRICS).isFalse();
        assertThat(HazelcastNode.embedded("x").getMetricsConfig().isEnabled()).isFalse();
        Path own = Files.writeString(dir.resolve("own.yaml"), "hazelcast:\n  metrics:\n    enabled: true\n");
        assertThat(HazelcastNode.fromFile(own).getMetricsConfig().isEnabled())
                .as("an operator's file that wants them (Management Center) gets them").isTrue();
    }

    @Test
    void should_dispatch_events_on_one_thread_unless_the_file_says_otherwise(@TempDir Path dir) throws Exception {
        assertThat(HazelcastNode.fromFile(Path.of("hazelcast.yaml")).getProperty("hazelcast.event.thread.count"))
                .isEqualTo(HazelcastNode.EVENT_THREADS).isEqualTo("1");
        assertThat(HazelcastNode.embedded("x").getProperty("hazelcast.event.thread.count")).isEqualTo("1");
        Path own = Files.writeString(dir.resolve("own.yaml"),
                "hazelcast:\n  properties:\n    hazelcast.event.thread.count: 4\n");
        assertThat(HazelcastNode.fromFile(own).getProperty("hazelcast.event.thread.count")).isEqualTo("4");
        assertThat(HazelcastNode.fromFile(own).getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    }

    @Test
    void should_leave_the_member_to_the_products_shutdown_not_to_hazelcasts_own_hook(@TempDir Path dir) throws Exception {
        // the process-level proof is UsageProcessTest; here: every way a config is made says so
        assertThat(HazelcastNode.fromFile(Path.of("hazelcast.yaml")).getProperty("hazelcast.shutdownhook.enabled"))
                .isEqualTo(HazelcastNode.SHUTDOWN_HOOK).isEqualTo("false");
        assertThat(HazelcastNode.embedded("x").getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
        Path bare = Files.writeString(dir.resolve("bare.yaml"), "hazelcast:\n  cluster-name: bare\n");
        assertThat(HazelcastNode.fromFile(bare).getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
    }

    @Test
    void should_start_a_lone_member_and_stop_it() {
        HazelcastNode node = HazelcastNode.start("", "node-test-" + UUID.randomUUID());
        try {
            assertThat(node.running()).isTrue();
            assertThat(node.instance().getCluster().getMembers()).hasSize(1);
            assertThat(node.instance().getConfig().getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        } finally {
            node.stop();
        }
        assertThat(node.running()).isFalse();
    }
}
