package io.proxysaas.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link PortCounts} and {@link KeyCounts} against a HashMap doing the same counting. */
class CountTablesTest {

    @Test
    void should_count_ports_like_a_map_through_growth_and_removals() {
        Random random = new Random(3);
        for (int keySpace : new int[] {3, 20, 300, 65_536}) {
            PortCounts table = new PortCounts();
            Map<Integer, Integer> model = new HashMap<>();
            for (int op = 0; op < 40_000; op++) {
                int port = random.nextInt(keySpace);
                if (random.nextInt(5) < 3) {
                    table.increment(port);
                    model.merge(port, 1, Integer::sum);
                } else {
                    boolean known = model.containsKey(port);
                    assertThat(table.decrement(port)).isEqualTo(known);
                    model.computeIfPresent(port, (k, n) -> n == 1 ? null : n - 1);
                }
                int probe = random.nextInt(keySpace);
                assertThat(table.get(probe)).isEqualTo(model.getOrDefault(probe, 0));
            }
            assertThat(table.size()).isEqualTo(model.size());
            model.forEach((port, n) -> assertThat(table.get(port)).isEqualTo(n));
        }
    }

    @Test
    void should_count_keys_like_a_map_through_growth_and_removals() {
        Random random = new Random(4);
        for (int keySpace : new int[] {3, 20, 300, 5_000}) {
            KeyCounts<String> table = new KeyCounts<>();
            Map<String, Integer> model = new HashMap<>();
            for (int op = 0; op < 40_000; op++) {
                String ip = "10.0." + random.nextInt(keySpace) / 256 + "." + random.nextInt(keySpace) % 256;
                if (random.nextInt(5) < 3) {
                    table.increment(ip);
                    model.merge(ip, 1, Integer::sum);
                } else {
                    assertThat(table.decrement(ip)).isEqualTo(model.containsKey(ip));
                    model.computeIfPresent(ip, (k, n) -> n == 1 ? null : n - 1);
                }
                assertThat(table.get(ip)).isEqualTo(model.getOrDefault(ip, 0));
            }
            assertThat(table.size()).isEqualTo(model.size());
            model.forEach((ip, n) -> assertThat(table.get(ip)).isEqualTo(n));
        }
    }

    @Test
    void should_find_every_key_of_a_probe_run_after_removing_from_its_middle() {
        // equal hash codes put every key in one run that wraps around the end of the table
        KeyCounts<Colliding> table = new KeyCounts<>();
        Colliding[] keys = new Colliding[3];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = new Colliding(i);
            table.increment(keys[i]);
        }
        table.decrement(keys[0]);

        assertThat(table.get(keys[0])).isZero();
        assertThat(table.get(keys[1])).isEqualTo(1);
        assertThat(table.get(keys[2])).isEqualTo(1);
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void should_drop_a_port_at_zero_and_ignore_a_stray_decrement() {
        PortCounts table = new PortCounts();
        table.increment(0);
        table.increment(4000);

        assertThat(table.decrement(4000)).isTrue();
        assertThat(table.decrement(4000)).isFalse();
        assertThat(table.get(4000)).isZero();
        assertThat(table.get(0)).as("port 0 is a key like any other").isEqualTo(1);
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void should_count_without_allocating_once_the_table_holds_the_key() {
        PortCounts ports = new PortCounts();
        KeyCounts<String> ips = new KeyCounts<>();
        String ip = "10.1.2.3";
        Runnable openAndClose = () -> {
            ports.increment(4000);
            ips.increment(ip);
            ports.decrement(4000);
            ips.decrement(ip);
        };
        AllocatedBytes.perCall(1000, openAndClose);

        assertThat(AllocatedBytes.perCall(10_000, openAndClose)).isLessThan(1.0);
    }

    /** A key whose hash code is the same for every instance. */
    private record Colliding(int id) {
        @Override
        public int hashCode() {
            return 7;
        }
    }
}
