package io.proxysaas.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxysaas.security.PasswordHasher;
import io.proxysaas.store.Records;
import io.proxysaas.store.TestDatabase;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PlanServiceTest {

    static TestDatabase db;
    static Records records;
    final RecordingListener listener = new RecordingListener();

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        records = new Records(db.dataSource(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    PlanService service() {
        return new PlanService(records.plans(), listener);
    }

    static Plan plan(String name, int threads) {
        return new Plan(name, threads, 0, 0, 0, 0, 0, 0, 30, 100);
    }

    @Test
    void should_name_the_field_of_an_invalid_plan() {
        assertThatThrownBy(() -> service().create(plan("", 1)))
                .isInstanceOfSatisfying(RecordException.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> service().create(plan("has space", 1)))
                .isInstanceOfSatisfying(RecordException.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> service().create(plan("Neg", -1)))
                .isInstanceOfSatisfying(RecordException.class, e -> assertThat(e.field()).isEqualTo("threads"));
        assertThatThrownBy(() -> service().create(new Plan("Neg", 1, 0, 0, 0, 0, 0, -5, 30, 0)))
                .isInstanceOfSatisfying(RecordException.class, e -> assertThat(e.field()).isEqualTo("monthly_quota_bytes"));
        assertThat(listener.events).isEmpty();
    }

    @Test
    void should_create_put_and_delete_telling_the_listener() {
        PlanService plans = service();
        plans.create(plan("Bronze", 3));
        assertThat(plans.put(plan("Bronze", 4))).isFalse();
        assertThat(plans.put(plan("Copper", 1))).isTrue();
        assertThat(plans.get("Bronze").threads()).isEqualTo(4);
        plans.delete("Copper");

        assertThat(plans.find("Copper")).isEmpty();
        assertThat(listener.events).containsExactly("planChanged:Bronze", "planChanged:Bronze", "planChanged:Copper",
                "planRemoved:Copper");
    }

    @Test
    void should_refuse_deleting_a_plan_in_use_or_missing() {
        PlanService plans = service();
        plans.create(plan("Used", 1));
        new CustomerService(records.customers(), records.plans(), new PasswordHasher(1000), Clock.systemUTC(), 5, null)
                .create(new NewCustomer("user-of-used", "Used", null, List.of(), null, null, null));

        assertThatThrownBy(() -> plans.delete("Used"))
                .isInstanceOfSatisfying(RecordException.class,
                        e -> assertThat(e.kind()).isEqualTo(RecordException.Kind.CONFLICT));
        assertThatThrownBy(() -> plans.delete("Missing"))
                .isInstanceOfSatisfying(RecordException.class,
                        e -> assertThat(e.kind()).isEqualTo(RecordException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> plans.create(plan("Used", 2)))
                .isInstanceOfSatisfying(RecordException.class,
                        e -> assertThat(e.kind()).isEqualTo(RecordException.Kind.CONFLICT));
        assertThat(listener.events).containsExactly("planChanged:Used");
    }
}
