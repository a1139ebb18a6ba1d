package io.proxysaas.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import io.proxysaas.state.HazelcastNode;
import org.junit.jupiter.api.Test;

/** The cluster file declares the usage maps exactly as the embedded member gets them. */
class UsageMapsTest {

    @Test
    void should_declare_the_usage_maps_in_hazelcast_yaml_like_the_embedded_config() {
        Config file = HazelcastNode.fromFile(java.nio.file.Path.of("hazelcast.yaml"));

        for (MapConfig expected : new MapConfig[] {UsageMaps.usage(), UsageMaps.portUsage()}) {
            MapConfig declared = file.getMapConfigOrNull(expected.getName());
            assertThat(declared).as(expected.getName() + " in hazelcast.yaml").isNotNull();
            assertThat(declared.getBackupCount()).isEqualTo(1).isEqualTo(expected.getBackupCount());
            assertThat(declared.getInMemoryFormat()).isEqualTo(expected.getInMemoryFormat());
            MapStoreConfig store = declared.getMapStoreConfig();
            assertThat(store.isEnabled()).isTrue();
            assertThat(store.getClassName()).isEqualTo(expected.getMapStoreConfig().getClassName());
            assertThat(store.getWriteDelaySeconds()).isEqualTo(UsageMaps.WRITE_DELAY_SECONDS);
            assertThat(store.isWriteCoalescing()).isTrue();
            assertThat(store.getInitialLoadMode()).isEqualTo(MapStoreConfig.InitialLoadMode.EAGER);
        }
    }
}
