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
