package io.proxysaas.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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

    @Test
    void should_hash_like_the_jdks_one_shot_hmac_for_empty_long_and_non_ascii_credentials() throws Exception {
        byte[] key = new byte[32];
        new Random(1).nextBytes(key);
        PasswordVerifier keyed = new PasswordVerifier(pbkdf2, 10, key);
        List<String> texts = new ArrayList<>(List.of("", "a", "alice", "secret", "pässwörd", "пароль", "密码",
                "🔑", "x\ud83d", "\ude00y", "a".repeat(PasswordVerifier.SCRATCH_BYTES / 3 - 2),
                "a".repeat(PasswordVerifier.SCRATCH_BYTES), "€".repeat(5000)));
        Random random = new Random(2);
        for (int i = 0; i < 200; i++) {
            char[] chars = new char[random.nextInt(600)];
            for (int c = 0; c < chars.length; c++) {
                chars[c] = (char) random.nextInt(0x10000);
            }
            texts.add(new String(chars));
        }
        for (String username : texts) {
            for (int p = 0; p < texts.size(); p += 7) {
                String password = texts.get(p);
                assertThat(keyed.fastHash(username, password))
                        .as("user of %d chars, password of %d chars", username.length(), password.length())
                        .isEqualTo(jdkHmac(key, username, password));
            }
        }
    }

    @Test
    void should_keep_cached_answers_right_on_many_threads_at_once() throws Exception {
        verifier.verify("alice", "secret", aliceHash);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                tasks.add(() -> {
                    for (int i = 0; i < 2000; i++) {
                        if (!verifier.isCached("alice", "secret", aliceHash)
                                || verifier.isCached("alice", "secret" + i, aliceHash)) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> result : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_verify_a_cached_password_without_allocating() {
        verifier.verify("alice", "secret", aliceHash);
        Runnable check = () -> verifier.verify("alice", "secret", aliceHash);
        AllocatedBytes.perCall(1000, check);

        assertThat(AllocatedBytes.perCall(10_000, check)).isLessThan(1.0);
        assertThat(pbkdf2.checks.get()).isEqualTo(1);
    }

    /** What the cache hashed before it had its own HMAC: the JDK's Mac over length, username, password. */
    private static byte[] jdkHmac(byte[] key, String username, String password) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        text.write(new byte[] {(byte) (user.length >>> 24), (byte) (user.length >>> 16),
            (byte) (user.length >>> 8), (byte) user.length});
        text.write(user);
        text.write(password.getBytes(StandardCharsets.UTF_8));
        return mac.doFinal(text.toByteArray());
    }
}
