package io.proxysaas.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.InvalidConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaCheckedConfigTest {

    private static final String GOOD = "hazelcast:\n  cluster-name: checked-once\n";
    private static final String MISSPELT = "hazelcast:\n  cluster-nmae: checked-once\n";

    @Test
    void should_check_a_new_file_against_the_schema_and_remember_nothing_when_it_fails(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("hz.yaml"), MISSPELT);
        Path checked = dir.resolve("checked");

        assertThatThrownBy(() -> SchemaCheckedConfig.load(file, checked))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("cluster-nmae");
        assertThat(markers(checked)).isZero();
    }

    @Test
    void should_remember_a_file_that_passed_and_load_it_again_without_the_check(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("hz.yaml"), GOOD);
        Path checked = dir.resolve("checked");

        assertThat(SchemaCheckedConfig.load(file, checked).getClusterName()).isEqualTo("checked-once");
        assertThat(markers(checked)).isEqualTo(1);
        Config again = SchemaCheckedConfig.load(file, checked);

        assertThat(again.getClusterName()).isEqualTo("checked-once");
        assertThat(System.getProperty(SchemaCheckedConfig.VALIDATION_PROPERTY)).as("Hazelcast's switch restored").isNull();
    }

    @Test
    void should_skip_the_check_only_for_a_remembered_content(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("hz.yaml"), MISSPELT);
        Path checked = Files.createDirectories(dir.resolve("checked"));
        // as if this very content had passed before: the check is skipped, so the misspelt key is ignored
        Files.writeString(checked.resolve("hazelcast-config-" + SchemaCheckedConfig.fingerprint(file) + ".checked"), "");

        assertThat(SchemaCheckedConfig.load(file, checked).getClusterName()).isEqualTo("dev");
    }

    @Test
    void should_check_an_edited_file_again(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("hz.yaml"), GOOD);
        Path checked = dir.resolve("checked");
        SchemaCheckedConfig.load(file, checked);

        Files.writeString(file, MISSPELT);

        assertThatThrownBy(() -> SchemaCheckedConfig.load(file, checked)).isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void should_check_on_every_load_when_nothing_can_be_remembered(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("hz.yaml"), GOOD);
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "");

        assertThat(SchemaCheckedConfig.load(file, notADirectory).getClusterName()).isEqualTo("checked-once");
        assertThat(SchemaCheckedConfig.load(file, null).getClusterName()).isEqualTo("checked-once");
        Files.writeString(file, MISSPELT);
        assertThatThrownBy(() -> SchemaCheckedConfig.load(file, notADirectory)).isInstanceOf(InvalidConfigurationException.class);
    }

    private static long markers(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }
}
