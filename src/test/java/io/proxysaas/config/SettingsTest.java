package io.proxysaas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void should_read_durations_as_seconds_or_iso() {
        assertThat(Settings.parseDuration("k", "900")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Settings.parseDuration("k", "PT1H")).isEqualTo(Duration.ofHours(1));
        assertThat(Settings.parseDuration("k", "pt10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Settings.parseDuration("k", "250ms")).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void should_name_the_property_when_a_duration_is_bad() {
        assertThatThrownBy(() -> Settings.parseDuration("strike.grace", "fifteen"))
                .isInstanceOf(Settings.ConfigException.class)
                .hasMessageContaining("strike.grace=fifteen")
                .hasMessageContaining("ISO-8601");
    }
}
