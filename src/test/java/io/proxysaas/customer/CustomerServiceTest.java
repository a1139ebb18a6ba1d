package io.proxysaas.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxysaas.security.PasswordHasher;
import io.proxysaas.security.Secrets;
import io.proxysaas.store.Records;
import io.proxysaas.store.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomerServiceTest {

    static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");
    static TestDatabase db;
    static Records records;
    RecordingListener listener;
    CustomerService service;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        records = new Records(db.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @BeforeEach
    void service() {
        listener = new RecordingListener();
        service = new CustomerService(records.customers(), records.plans(), new PasswordHasher(1000),
                Clock.fixed(NOW, ZoneOffset.UTC), 2, listener);
    }

    static NewCustomer customer(String username, String plan, List<String> ips) {
        return new NewCustomer(username, plan, null, ips, null, null, null);
    }

    static void refused(ThrowingCallable call, RecordException.Kind kind, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RecordException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.field()).isEqualTo(field);
            if (field != null) {
                assertThat(e.getMessage()).contains(field);
            }
        });
    }

    @Test
    void should_default_expiry_to_now_plus_the_plans_duration() {
        IssuedCustomer issued = service.create(customer("expiring", "Basic", List.of()));

        assertThat(issued.customer().expiresAt()).isEqualTo(Instant.parse("2030-03-31T12:00:00Z"));
        assertThat(issued.customer().createdAt()).isEqualTo(NOW);
        assertThat(service.get("expiring").expiresAt()).isEqualTo(Instant.parse("2030-03-31T12:00:00Z"));
    }

    @Test
    void should_keep_an_explicit_expiry() {
        Instant explicit = Instant.parse("2035-01-01T00:00:00Z");
        IssuedCustomer issued = service.create(new NewCustomer("explicit", "Pro", explicit, null, null, null, null));

        assertThat(service.get("explicit").expiresAt()).isEqualTo(explicit);
        assertThat(issued.customer().status()).isEqualTo(CustomerStatus.ACTIVE);
    }

    @Test
    void should_issue_secrets_once_and_store_only_hashes() {
        IssuedCustomer issued = service.create(customer("secretive", "Basic", List.of("10.9.8.7")));
        Customer stored = service.get("secretive");

        assertThat(issued.password()).hasSize(20);
        assertThat(stored.passwordHash()).doesNotContain(issued.password());
        assertThat(PasswordHasher.verify(issued.password(), stored.passwordHash())).isTrue();
        assertThat(stored.apiKeyHash()).isEqualTo(Secrets.sha256Hex(issued.apiKey()));
        assertThat(stored.ips()).containsExactly("10.9.8.7/32");
        assertThat(listener.events).containsExactly("customerChanged:secretive");
    }

    @Test
    void should_name_the_field_of_every_invalid_value() {
        refused(() -> service.create(customer(null, "Basic", null)), RecordException.Kind.INVALID, "username");
        refused(() -> service.create(customer("ab", "Basic", null)), RecordException.Kind.INVALID, "username");
        refused(() -> service.create(customer("bad/name", "Basic", null)), RecordException.Kind.INVALID, "username");
        refused(() -> service.create(customer("x".repeat(65), "Basic", null)), RecordException.Kind.INVALID, "username");
        refused(() -> service.create(customer("noplan", null, null)), RecordException.Kind.INVALID, "plan");
        refused(() -> service.create(customer("ghost", "Gold", null)), RecordException.Kind.INVALID, "plan");
        refused(() -> service.create(customer("badip", "Basic", List.of("1.2.3.4", "300.1.1.1"))),
                RecordException.Kind.INVALID, "ips");
        refused(() -> service.create(customer("zero", "Basic", List.of("::/0"))), RecordException.Kind.INVALID, "ips");
        refused(() -> service.create(customer("many", "Basic", List.of("1.1.1.1", "2.2.2.2", "3.3.3.3"))),
                RecordException.Kind.CONFLICT, "ips");
        refused(() -> service.create(new NewCustomer("shortpw", "Basic", null, null, "short", null, null)),
                RecordException.Kind.INVALID, "password");
        refused(() -> service.create(new NewCustomer("longnote", "Basic", null, null, null, "n".repeat(2001), null)),
                RecordException.Kind.INVALID, "note");
        assertThat(listener.events).isEmpty();
    }

    @Test
    void should_fold_duplicate_ips_and_refuse_ones_owned_by_another_customer() {
        IssuedCustomer first = service.create(customer("first", "Basic", List.of("203.0.113.5", "203.0.113.5/32")));
        assertThat(first.customer().ips()).containsExactly("203.0.113.5/32");

        refused(() -> service.create(customer("second", "Basic", List.of("203.0.113.5"))),
                RecordException.Kind.CONFLICT, "ips");
        refused(() -> service.create(customer("first", "Basic", null)), RecordException.Kind.CONFLICT, "username");
        assertThat(service.update("first", CustomerPatch.none().withIps(List.of("203.0.113.5"))).ips())
                .containsExactly("203.0.113.5/32");
    }

    @Test
    void should_patch_rotate_and_delete_telling_the_listener() {
        IssuedCustomer issued = service.create(customer("changing", "Basic", null));
        Customer changed = service.update("changing", CustomerPatch.none().withPlan("Pro").withStatus(CustomerStatus.BANNED));
        assertThat(changed.plan()).isEqualTo("Pro");
        assertThat(service.get("changing").status()).isEqualTo(CustomerStatus.BANNED);

        IssuedCustomer rotated = service.rotatePassword("changing");
        assertThat(PasswordHasher.verify(rotated.password(), service.get("changing").passwordHash())).isTrue();
        assertThat(PasswordHasher.verify(issued.password(), service.get("changing").passwordHash())).isFalse();
        IssuedCustomer rekeyed = service.rotateApiKey("changing");
        assertThat(service.get("changing").apiKeyHash()).isEqualTo(Secrets.sha256Hex(rekeyed.apiKey()));

        service.delete("changing");
        refused(() -> service.get("changing"), RecordException.Kind.NOT_FOUND, null);
        assertThat(listener.events).containsExactly("customerChanged:changing", "customerChanged:changing",
                "customerChanged:changing", "customerChanged:changing", "customerRemoved:changing");
    }
}
