package io.proxysaas.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerStatus;
import io.proxysaas.customer.Plan;
import io.proxysaas.customer.RecordException;
import io.proxysaas.security.AdminToken;
import io.proxysaas.security.PasswordHasher;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RecordsTest {

    static final Instant NOW = Instant.parse("2030-01-15T10:00:00.123Z");
    static TestDatabase db;
    static Records records;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        records = new Records(db.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    static Customer customer(String username, List<String> ips) {
        return new Customer(username, new PasswordHasher(1000).hash("pw-" + username), "h".repeat(63) + username.length()
                + username.hashCode(), "Basic", Instant.parse("2040-02-01T00:00:00.5Z"), CustomerStatus.ACTIVE, null,
                null, ips, "note of " + username, NOW);
    }

    static Customer withKey(String username, String key, List<String> ips) {
        Customer c = customer(username, ips);
        return new Customer(c.username(), c.passwordHash(), key, c.plan(), c.expiresAt(), c.status(), null, null,
                c.ips(), c.note(), c.createdAt());
    }

    @Test
    void should_read_back_a_customer_with_its_ips_exactly() {
        Customer alice = withKey("alice", "a".repeat(64), List.of("10.0.0.0/8", "2001:db8:0:0:0:0:0:0/32"));
        records.customers().insert(alice);

        assertThat(records.customers().find("alice")).contains(alice);
        assertThat(records.customers().allCustomers()).contains(alice);
        assertThat(records.customers().ownerOf("10.0.0.0/8")).contains("alice");
    }

    @Test
    void should_refuse_a_cidr_owned_by_another_customer_and_keep_nothing_of_the_refused_customer() {
        records.customers().insert(withKey("bob", "b".repeat(64), List.of("192.168.1.0/24")));

        assertThatThrownBy(() -> records.customers().insert(withKey("carol", "c".repeat(64),
                List.of("172.16.0.1/32", "192.168.1.0/24"))))
                .isInstanceOfSatisfying(RecordException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RecordException.Kind.CONFLICT);
                    assertThat(e.field()).isEqualTo("ips");
                });
        assertThat(records.customers().find("carol")).isEmpty();
        assertThat(records.customers().ownerOf("172.16.0.1/32")).isEmpty();
    }

    @Test
    void should_replace_ips_on_update_and_cascade_them_on_delete() {
        records.customers().insert(withKey("dave", "d".repeat(64), List.of("1.2.3.4/32")));
        Customer changed = withKey("dave", "d".repeat(64), List.of("5.6.7.0/24"));

        assertThat(records.customers().update(changed)).isTrue();
        assertThat(records.customers().find("dave").orElseThrow().ips()).containsExactly("5.6.7.0/24");
        assertThat(records.customers().ownerOf("1.2.3.4/32")).isEmpty();

        assertThat(records.customers().delete("dave")).isTrue();
        assertThat(records.customers().ownerOf("5.6.7.0/24")).isEmpty();
        assertThat(records.customers().delete("dave")).isFalse();
    }

    @Test
    void should_refuse_duplicate_username_and_unknown_plan() {
        records.customers().insert(withKey("erin", "e".repeat(64), List.of()));
        assertThatThrownBy(() -> records.customers().insert(withKey("erin", "f".repeat(64), List.of())))
                .isInstanceOfSatisfying(RecordException.class,
                        e -> assertThat(e.kind()).isEqualTo(RecordException.Kind.CONFLICT));
        Customer ghostPlan = withKey("frank", "0".repeat(64), List.of());
        Customer bad = new Customer("frank", ghostPlan.passwordHash(), ghostPlan.apiKeyHash(), "NoSuchPlan", null,
                CustomerStatus.ACTIVE, null, null, List.of(), null, NOW);
        assertThatThrownBy(() -> records.customers().insert(bad))
                .isInstanceOfSatisfying(RecordException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RecordException.Kind.INVALID);
                    assertThat(e.field()).isEqualTo("plan");
                });
    }

    @Test
    void should_store_plans_and_refuse_deleting_one_in_use() {
        Plan gold = new Plan("Gold", 5, 6, 7, 8, 9, 10, 11, 12, 13);
        records.plans().insert(gold);
        assertThat(records.plans().find("Gold")).contains(gold);
        assertThat(records.plans().upsert(new Plan("Gold", 1, 1, 1, 1, 1, 1, 1, 1, 1))).isFalse();
        assertThat(records.plans().find("Gold").orElseThrow().threads()).isEqualTo(1);
        assertThat(records.customers().allPlans()).extracting(Plan::name).contains("Basic", "Pro", "Enterprise", "Custom", "Gold");

        records.customers().insert(withKey("gina", "9".repeat(64), List.of()));
        assertThatThrownBy(() -> records.plans().delete("Basic"))
                .isInstanceOfSatisfying(RecordException.class,
                        e -> assertThat(e.kind()).isEqualTo(RecordException.Kind.CONFLICT));
        assertThat(records.plans().delete("Gold")).isTrue();
        assertThat(records.plans().find("Gold")).isEmpty();
    }

    @Test
    void should_write_and_read_audit_rows() {
        records.audit().record("ops", "customer.create", "zed", "127.0.0.1", null, "{\"username\":\"zed\"}");

        assertThat(records.audit().since(NOW.minusSeconds(1), 100))
                .anySatisfy(e -> {
                    assertThat(e.actor()).isEqualTo("ops");
                    assertThat(e.action()).isEqualTo("customer.create");
                    assertThat(e.target()).isEqualTo("zed");
                    assertThat(e.clientIp()).isEqualTo("127.0.0.1");
                    assertThat(e.afterJson()).contains("zed");
                    assertThat(e.at()).isEqualTo(NOW);
                });
    }

    @Test
    void should_store_admin_tokens_by_hash() {
        AdminToken token = records.adminTokens().insert("ci", "7".repeat(64));
        records.adminTokens().touch(token.id(), NOW);

        assertThat(records.adminTokens().findAll())
                .anySatisfy(t -> {
                    assertThat(t.name()).isEqualTo("ci");
                    assertThat(t.tokenHash()).isEqualTo("7".repeat(64));
                    assertThat(t.lastUsedAt()).isEqualTo(NOW);
                });
        assertThat(records.adminTokens().delete(token.id())).isTrue();
    }
}
