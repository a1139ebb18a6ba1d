package io.proxysaas.quota;

import io.proxysaas.access.TestDirectory;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerStatus;
import io.proxysaas.customer.Plan;
import io.proxysaas.limits.MutableClock;
import io.proxysaas.usage.UsageTotals;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Alert thresholds (pure) and the leader's check sending each alert once per period/threshold. */
class AlertRulesTest {

    static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");

    static List<String> types(List<AlertRules.Alert> alerts) {
        return alerts.stream().map(AlertRules.Alert::type).toList();
    }

    @Test
    void should_fire_quota_alerts_at_80_and_100_percent() {
        assertThat(AlertRules.due("a", 1000, 799, "2026-11", null, NOW)).isEmpty();
        assertThat(types(AlertRules.due("a", 1000, 800, "2026-11", null, NOW))).containsExactly("quota_80");
        assertThat(types(AlertRules.due("a", 1000, 999, "2026-11", null, NOW))).containsExactly("quota_80");
        assertThat(types(AlertRules.due("a", 1000, 1000, "2026-11", null, NOW))).containsExactly("quota_80", "quota_100");
        assertThat(AlertRules.due("a", 1000, 1000, "2026-11", null, NOW).get(1).key()).isEqualTo("2026-11");
    }

    @Test
    void should_not_fire_quota_alerts_without_a_quota() {
        assertThat(AlertRules.due("a", 0, Long.MAX_VALUE / 2, "2026-11", null, NOW)).isEmpty();
    }

    @Test
    void should_fire_expiry_alerts_7_days_and_1_day_before_and_never_after() {
        assertThat(AlertRules.due("a", 0, 0, "p", NOW.plus(Duration.ofDays(7)).plusSeconds(1), NOW)).isEmpty();
        assertThat(types(AlertRules.due("a", 0, 0, "p", NOW.plus(Duration.ofDays(7)), NOW))).containsExactly("expiry_7d");
        assertThat(types(AlertRules.due("a", 0, 0, "p", NOW.plus(Duration.ofHours(24)), NOW)))
                .containsExactly("expiry_7d", "expiry_1d");
        assertThat(AlertRules.due("a", 0, 0, "p", NOW, NOW)).isEmpty();
        assertThat(AlertRules.due("a", 0, 0, "p", NOW.minusSeconds(1), NOW)).isEmpty();
    }

    @Test
    void should_send_each_alert_once_per_period_and_again_in_the_next_period() {
        MutableClock clock = new MutableClock(NOW);
        AtomicLong used = new AtomicLong();
        Plan plan = new Plan("Small", 1, 0, 0, 0, 0, 0, 1000, 30, 0);
        Customer alice = new Customer("alice", "h", "k", "Small", null, CustomerStatus.ACTIVE, null, null, List.of(),
                null, NOW.minus(Duration.ofDays(40)));
        Set<String> memory = ConcurrentHashMap.newKeySet();
        SentAlerts sent = a -> memory.add(a.type() + "/" + a.username() + "/" + a.key());
        UsageTotals usage = u -> used.get();
        AlertCheck check = new AlertCheck(TestDirectory.of(plan, alice), () -> usage, new LedgerView(),
                new QuotaPeriods(false, ZoneOffset.UTC, clock), sent, null, clock);

        assertThat(check.dueAlerts()).isEmpty();
        used.set(850);
        List<Map<String, Object>> first = check.dueAlerts();
        assertThat(first).extracting(m -> m.get("type")).containsExactly("quota_80");
        assertThat(first.get(0)).containsEntry("username", "alice").containsKeys("at", "detail");
        assertThat(check.dueAlerts()).isEmpty();
        used.set(1000);
        assertThat(check.dueAlerts()).extracting(m -> m.get("type")).containsExactly("quota_100");
        assertThat(check.dueAlerts()).isEmpty();

        clock.advance(Duration.ofDays(20)); // December: a new period, usage still reported high
        assertThat(check.dueAlerts()).extracting(m -> m.get("type")).containsExactly("quota_80", "quota_100");
    }
}
