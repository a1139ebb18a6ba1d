package io.proxysaas.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerStatus;
import io.proxysaas.customer.Plan;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AdmissionRulesTest {

    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private static final Plan BASIC = new Plan("basic", 10, 0, 0, 0, 0, 0, 1L << 30, 30, 1000);
    private static final Credentials ALICE_OK = new Credentials("alice", "secret");
    private static final Credentials ALICE_WRONG = new Credentials("alice", "nope");

    private final AdmissionRules rules = new AdmissionRules(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void should_grant_a_valid_customer_with_their_plan() {
        Admission admission = decide(ALICE_OK, new TestFacts(active()));

        assertThat(admission).isInstanceOf(Admission.Grant.class);
        Admission.Grant grant = (Admission.Grant) admission;
        assertThat(grant.username()).isEqualTo("alice");
        assertThat(grant.plan()).isEqualTo(BASIC);
        assertThat(grant.port()).isEqualTo(4000);
        assertThat(grant.clientIp()).isEqualTo("1.2.3.4");
    }

    @Test
    void should_refuse_a_banned_ip_before_checking_the_password() {
        TestFacts facts = new TestFacts(active().withStatus(CustomerStatus.BANNED));
        facts.ipRefusal = RefusalReason.IP_BANNED;

        assertThat(reason(decide(ALICE_WRONG, facts))).isEqualTo(RefusalReason.IP_BANNED);
        assertThat(facts.passwordChecks.get()).as("no slow hash for a banned IP").isZero();
    }

    @Test
    void should_refuse_a_brute_force_blocked_ip() {
        TestFacts facts = new TestFacts(active());
        facts.ipRefusal = RefusalReason.IP_BLOCKED;

        assertThat(reason(decide(ALICE_OK, facts))).isEqualTo(RefusalReason.IP_BLOCKED);
    }

    @Test
    void should_refuse_bad_credentials_before_revealing_a_ban() {
        TestFacts facts = new TestFacts(active().withStatus(CustomerStatus.BANNED));

        assertThat(reason(decide(ALICE_WRONG, facts))).isEqualTo(RefusalReason.BAD_CREDENTIALS);
    }

    @Test
    void should_answer_unknown_user_exactly_like_wrong_password() {
        Admission unknown = decide(new Credentials("mallory", "secret"), new TestFacts(active()));
        Admission wrong = decide(ALICE_WRONG, new TestFacts(active()));

        assertThat(unknown).isEqualTo(wrong);
        assertThat(reason(unknown)).isEqualTo(RefusalReason.BAD_CREDENTIALS);
    }

    @Test
    void should_refuse_banned_before_locked() {
        TestFacts facts = new TestFacts(active().withStatus(CustomerStatus.BANNED));

        assertThat(reason(decide(ALICE_OK, facts))).isEqualTo(RefusalReason.CUSTOMER_BANNED);
    }

    @Test
    void should_refuse_a_temporary_ban_until_it_ends() {
        TestCustomer tempBan = active().withBannedUntil(NOW.plusSeconds(60));

        assertThat(reason(decide(ALICE_OK, new TestFacts(tempBan)))).isEqualTo(RefusalReason.CUSTOMER_BANNED);
        TestCustomer lapsed = active().withStatus(CustomerStatus.BANNED).withBannedUntil(NOW);
        assertThat(decide(ALICE_OK, new TestFacts(lapsed))).isInstanceOf(Admission.Grant.class);
    }

    @Test
    void should_refuse_locked_before_expired() {
        TestCustomer lockedAndExpired = active().withStatus(CustomerStatus.LOCKED).withExpiresAt(NOW.minusSeconds(1));

        assertThat(reason(decide(ALICE_OK, new TestFacts(lockedAndExpired)))).isEqualTo(RefusalReason.LOCKED_OUT);
    }

    @Test
    void should_refuse_banned_even_when_also_locked_and_expired() {
        TestCustomer everything = active().withStatus(CustomerStatus.BANNED).withExpiresAt(NOW.minusSeconds(1));

        assertThat(reason(decide(ALICE_OK, new TestFacts(everything)))).isEqualTo(RefusalReason.CUSTOMER_BANNED);
    }

    @Test
    void should_treat_the_exact_expiry_instant_as_expired() {
        assertThat(reason(decide(ALICE_OK, new TestFacts(active().withExpiresAt(NOW))))).isEqualTo(RefusalReason.EXPIRED);
        assertThat(decide(ALICE_OK, new TestFacts(active().withExpiresAt(NOW.plusMillis(1)))))
                .isInstanceOf(Admission.Grant.class);
    }

    @Test
    void should_refuse_expired_before_a_missing_plan() {
        TestCustomer expiredNoPlan = active().withExpiresAt(NOW.minusSeconds(5)).withPlan("gone");

        Admission.Refusal refusal = (Admission.Refusal) decide(ALICE_OK, new TestFacts(expiredNoPlan));
        assertThat(refusal.reason()).isEqualTo(RefusalReason.EXPIRED);
        assertThat(refusal.message()).doesNotContain("gone");
    }

    @Test
    void should_refuse_a_customer_whose_plan_does_not_exist_with_a_clear_message() {
        Admission.Refusal refusal = (Admission.Refusal) decide(ALICE_OK, new TestFacts(active().withPlan("gold")));

        assertThat(refusal.reason()).isEqualTo(RefusalReason.PLAN_MISSING);
        assertThat(refusal.message()).contains("plan 'gold' does not exist");
    }

    @Test
    void should_admit_a_whitelisted_ip_without_credentials() {
        TestFacts facts = new TestFacts(active());
        facts.whitelisted = Optional.of(active());

        assertThat(decide(Credentials.NONE, facts)).isInstanceOf(Admission.Grant.class);
        assertThat(facts.passwordChecks.get()).isZero();
    }

    @Test
    void should_require_auth_without_credentials_from_an_unlisted_ip() {
        assertThat(reason(decide(Credentials.NONE, new TestFacts(active())))).isEqualTo(RefusalReason.AUTH_REQUIRED);
    }

    @Test
    void should_judge_presented_credentials_even_from_a_whitelisted_ip() {
        TestFacts facts = new TestFacts(active());
        facts.whitelisted = Optional.of(active());

        assertThat(reason(decide(ALICE_WRONG, facts))).isEqualTo(RefusalReason.BAD_CREDENTIALS);
    }

    @Test
    void should_apply_the_whitelisted_customers_account_state() {
        TestFacts facts = new TestFacts(active());
        facts.whitelisted = Optional.of(active().withStatus(CustomerStatus.LOCKED));

        assertThat(reason(decide(Credentials.NONE, facts))).isEqualTo(RefusalReason.LOCKED_OUT);
    }

    @Test
    void should_run_limit_checks_in_order_after_the_account_checks() {
        List<String> ran = new java.util.ArrayList<>();
        AdmissionRules withLimits = new AdmissionRules(Clock.fixed(NOW, ZoneOffset.UTC), List.of(
                (grant, now) -> {
                    ran.add("quota");
                    return null;
                },
                (grant, now) -> {
                    ran.add("ip");
                    return new Admission.Refusal(RefusalReason.IP_THREADS, null);
                },
                (grant, now) -> {
                    ran.add("port");
                    return new Admission.Refusal(RefusalReason.PORT_THREADS, null);
                }));

        assertThat(reason(withLimits.decide(4000, ALICE_OK, "1.2.3.4", new TestFacts(active()))))
                .isEqualTo(RefusalReason.IP_THREADS);
        assertThat(ran).containsExactly("quota", "ip");
        ran.clear();
        TestCustomer expired = active().withExpiresAt(NOW);
        withLimits.decide(4000, ALICE_OK, "1.2.3.4", new TestFacts(expired));
        assertThat(ran).as("no limit check for a refused account").isEmpty();
    }

    private Admission decide(Credentials credentials, TestFacts facts) {
        return rules.decide(4000, credentials, "1.2.3.4", facts);
    }

    private static RefusalReason reason(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Refusal.class);
        return ((Admission.Refusal) admission).reason();
    }

    private static TestCustomer active() {
        return new TestCustomer("basic", NOW.plusSeconds(86_400), CustomerStatus.ACTIVE, null);
    }

    /** Builds customer variants; converts to {@link Customer} where the rules need one. */
    private record TestCustomer(String plan, Instant expiresAt, CustomerStatus status, Instant bannedUntil) {
        TestCustomer withStatus(CustomerStatus s) {
            return new TestCustomer(plan, expiresAt, s, bannedUntil);
        }

        TestCustomer withExpiresAt(Instant t) {
            return new TestCustomer(plan, t, status, bannedUntil);
        }

        TestCustomer withBannedUntil(Instant t) {
            return new TestCustomer(plan, expiresAt, status, t);
        }

        TestCustomer withPlan(String p) {
            return new TestCustomer(p, expiresAt, status, bannedUntil);
        }

        Customer customer() {
            return new Customer("alice", "hash", "keyhash", plan, expiresAt, status, null, bannedUntil,
                    List.of(), null, NOW.minusSeconds(86_400));
        }
    }

    /** Facts with one customer "alice" whose password is "secret" and the plan "basic". */
    private static final class TestFacts implements AdmissionRules.Facts {
        private final Customer alice;
        RefusalReason ipRefusal;
        Optional<TestCustomer> whitelisted = Optional.empty();
        final AtomicInteger passwordChecks = new AtomicInteger();

        TestFacts(TestCustomer alice) {
            this.alice = alice.customer();
        }

        @Override
        public RefusalReason ipRefusal() {
            return ipRefusal;
        }

        @Override
        public Customer customer(String username) {
            return "alice".equals(username) ? alice : null;
        }

        @Override
        public boolean passwordMatches(Customer customer, String password) {
            passwordChecks.incrementAndGet();
            return "secret".equals(password);
        }

        @Override
        public Customer whitelisted() {
            return whitelisted.map(TestCustomer::customer).orElse(null);
        }

        @Override
        public Plan plan(String name) {
            return "basic".equals(name) ? BASIC : null;
        }
    }
}
