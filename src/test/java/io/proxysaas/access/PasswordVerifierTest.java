package io.proxysaas.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordVerifierTest {

    private final TestPbkdf2 pbkdf2 = new TestPbkdf2();
    private final PasswordVerifier verifier = new PasswordVerifier(pbkdf2, 100);
    private final String aliceHash = TestPbkdf2.hash("secret");

    @Test
    void should_accept_the_right_password_and_skip_the_slow_check_the_second_time() {
        assertThat(verifier.verify("alice", "secret", aliceHash)).isTrue();
        assertThat(pbkdf2.checks.get()).isEqualTo(1);

        assertThat(verifier.verify("alice", "secret", aliceHash)).isTrue();
        assertThat(verifier.verify("alice", "secret", aliceHash)).isTrue();
        assertThat(pbkdf2.checks.get()).isEqualTo(1);
    }

    @Test
    void should_refuse_a_wrong_password_every_time_with_the_slow_check() {
        assertThat(verifier.verify("alice", "guess", aliceHash)).isFalse();
        assertThat(verifier.verify("alice", "guess", aliceHash)).isFalse();

        assertThat(pbkdf2.checks.get()).isEqualTo(2);
        assertThat(verifier.cachedEntries()).isZero();
    }

    @Test
    void should_refuse_a_wrong_password_after_the_right_one_was_cached() {
        verifier.verify("alice", "secret", aliceHash);

        assertThat(verifier.verify("alice", "secret!", aliceHash)).isFalse();
        assertThat(verifier.verify("alice", "secret", aliceHash)).as("the cached success survives a wrong try").isTrue();
        assertThat(pbkdf2.checks.get()).isEqualTo(2);
    }

    @Test
    void should_forget_a_cached_success_when_the_stored_hash_changes() {
        verifier.verify("alice", "secret", aliceHash);
        String newHash = TestPbkdf2.hash("new-secret");

        assertThat(verifier.verify("alice", "secret", newHash)).isFalse();
        assertThat(verifier.verify("alice", "new-secret", newHash)).isTrue();
        assertThat(verifier.verify("alice", "new-secret", newHash)).isTrue();
        assertThat(pbkdf2.checks.get()).isEqualTo(3);
    }

    @Test
    void should_not_let_one_users_cached_password_open_another_account() {
        String bobHash = TestPbkdf2.hash("secret");
        verifier.verify("alice", "secret", aliceHash);

        assertThat(verifier.verify("bob", "secret", bobHash)).isTrue();
        assertThat(pbkdf2.checks.get()).as("bob pays his own slow check").isEqualTo(2);
    }

    @Test
    void should_refuse_missing_passwords_and_hashes_without_a_slow_check() {
        assertThat(verifier.verify("alice", null, aliceHash)).isFalse();
        assertThat(verifier.verify("alice", "secret", null)).isFalse();
        assertThat(verifier.verify("alice", "secret", "")).isFalse();
        assertThat(pbkdf2.checks.get()).isZero();
    }

    @Test
    void should_keep_the_cache_bounded() {
        PasswordVerifier small = new PasswordVerifier((password, hash) -> true, 3);
        for (int i = 0; i < 50; i++) {
            small.verify("user" + i, "pw", "hash");
        }

        assertThat(small.cachedEntries()).isLessThanOrEqualTo(3);
        assertThat(small.verify("user49", "pw", "hash")).isTrue();
    }

    @Test
    void should_refuse_a_useless_cache_size() {
        assertThatThrownBy(() -> new PasswordVerifier(pbkdf2, 0)).hasMessageContaining("at least 1");
    }

    @Test
    void should_report_cached_only_a_password_that_already_succeeded_against_that_hash() {
        String hash = TestPbkdf2.hash("secret");
        assertThat(verifier.isCached("alice", "secret", hash)).isFalse();
        assertThat(verifier.answersFast("alice", "secret", hash)).isFalse();
        verifier.verify("alice", "secret", hash);
        int checks = pbkdf2.checks.get();

        assertThat(verifier.isCached("alice", "secret", hash)).isTrue();
        assertThat(verifier.isCached("alice", "wrong", hash)).isFalse();
        assertThat(verifier.isCached("alice", "secret", TestPbkdf2.hash("secret"))).as("another stored hash").isFalse();
        assertThat(verifier.answersFast("alice", null, hash)).as("can never match").isTrue();
        assertThat(pbkdf2.checks.get()).as("no slow check while asking").isEqualTo(checks);
    }
}
