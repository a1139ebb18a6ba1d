package io.proxysaas.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(1000);

    @Test
    void should_verify_the_right_password_and_refuse_a_wrong_one() {
        String stored = hasher.hash("correct horse");

        assertThat(PasswordHasher.verify("correct horse", stored)).isTrue();
        assertThat(PasswordHasher.verify("correct horsE", stored)).isFalse();
        assertThat(PasswordHasher.verify("", stored)).isFalse();
    }

    @Test
    void should_write_a_self_describing_salted_hash() {
        String a = hasher.hash("same");
        String b = hasher.hash("same");

        assertThat(a).startsWith("pbkdf2-sha256$1000$").isNotEqualTo(b);
        assertThat(a.split("\\$")).hasSize(4);
    }

    @Test
    void should_verify_hashes_made_with_another_iteration_count() {
        String old = new PasswordHasher(500).hash("pw");

        assertThat(PasswordHasher.verify("pw", old)).isTrue();
    }

    @Test
    void should_refuse_malformed_truncated_and_hostile_stored_values() {
        String good = hasher.hash("pw");
        assertThat(PasswordHasher.verify("pw", null)).isFalse();
        assertThat(PasswordHasher.verify(null, good)).isFalse();
        assertThat(PasswordHasher.verify("pw", "")).isFalse();
        assertThat(PasswordHasher.verify("pw", good.substring(0, good.length() - 10))).isFalse();
        assertThat(PasswordHasher.verify("pw", "md5$1000$abc$def")).isFalse();
        assertThat(PasswordHasher.verify("pw", "pbkdf2-sha256$99999999$AAAA$AAAA")).isFalse();
        assertThat(PasswordHasher.verify("pw", "pbkdf2-sha256$1000$!!!$###")).isFalse();
        assertThat(PasswordHasher.verify("pw", "pbkdf2-sha256$1000$$")).isFalse();
        assertThat(PasswordHasher.verify("pw", "pbkdf2-sha256$-1$AAAA$AAAA")).isFalse();
    }

    @Test
    void should_refuse_a_nonsense_iteration_count_naming_the_property() {
        assertThatThrownBy(() -> new PasswordHasher(0)).hasMessageContaining("security.password-iterations");
    }
}
