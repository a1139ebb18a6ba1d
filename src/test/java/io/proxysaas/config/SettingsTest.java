package io.proxysaas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void should_read_seconds_iso_and_the_unit_form_camel_timers_take() {
        Map<String, Duration> forms = new LinkedHashMap<>();
        forms.put("900", Duration.ofMinutes(15));
        forms.put("PT1H", Duration.ofHours(1));
        forms.put("pt10s", Duration.ofSeconds(10));
        forms.put("250ms", Duration.ofMillis(250));
        forms.put("10s", Duration.ofSeconds(10));
        forms.put("10S", Duration.ofSeconds(10));
        forms.put("1m30s", Duration.ofSeconds(90));
        forms.put("1m", Duration.ofMinutes(1));
        forms.put("2h", Duration.ofHours(2));
        forms.put("1d2h", Duration.ofHours(26));
        forms.put("1s500ms", Duration.ofMillis(1500));
        forms.forEach((text, expected) -> assertThat(Settings.parseDuration("k", text)).as(text).isEqualTo(expected));
    }

    @Test
    void should_refuse_malformed_truncated_and_oversized_durations() {
        for (String bad : new String[] {"10x", "s", "ms", "1.5s", "-5s", "10 s", "PT", "1m30", "99999999999999999999",
                "9".repeat(10_000) + "s", "1s;rm -rf /"}) {
            assertThatThrownBy(() -> Settings.parseDuration("usage.report-interval", bad))
                    .as(bad)
                    .isInstanceOf(Settings.ConfigException.class)
                    .hasMessageStartingWith("property usage.report-interval=")
                    .hasMessageContaining("expected a duration like 10s");
        }
    }

    @Test
    void should_take_only_unit_forms_for_a_timer_period() {
        Settings settings = new Settings(key -> java.util.Optional.ofNullable(Map.of(
                "a", "1500ms", "b", "2", "c", "PT1S", "d", "0s", "e", "2m").get(key)));
        assertThat(settings.timerPeriod("a", Duration.ZERO)).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.timerPeriod("e", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.timerPeriod("unset", Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> settings.timerPeriod("b", Duration.ZERO))
                .isInstanceOf(Settings.ConfigException.class)
                .hasMessageContaining("property b=2: a timer period needs a unit")
                .hasMessageContaining("milliseconds");
        assertThatThrownBy(() -> settings.timerPeriod("c", Duration.ZERO))
                .isInstanceOf(Settings.ConfigException.class)
                .hasMessageContaining("property c=PT1S: a timer period needs a unit");
        assertThatThrownBy(() -> settings.timerPeriod("d", Duration.ZERO))
                .isInstanceOf(Settings.ConfigException.class)
                .hasMessageContaining("property d=0s: a timer period must be above zero");
    }

    @Test
    void should_name_the_property_when_a_duration_is_bad() {
        assertThatThrownBy(() -> Settings.parseDuration("strike.grace", "fifteen"))
                .isInstanceOf(Settings.ConfigException.class)
                .hasMessageContaining("strike.grace=fifteen")
                .hasMessageContaining("ISO-8601");
    }
}
