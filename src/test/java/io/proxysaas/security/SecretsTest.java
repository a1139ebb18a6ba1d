package io.proxysaas.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void should_make_url_safe_secrets_of_the_promised_lengths() {
        assertThat(Secrets.password()).hasSize(20).matches("[A-Za-z0-9_-]+");
        assertThat(Secrets.apiKey()).hasSize(32).matches("[A-Za-z0-9_-]+");
        assertThat(Secrets.adminToken()).hasSize(43).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void should_not_repeat_secrets() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.add(Secrets.apiKey())).isTrue();
        }
    }

    @Test
    void should_hash_with_sha256_hex() {
        assertThat(Secrets.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void should_compare_equal_and_unequal_values() {
        assertThat(Secrets.constantTimeEquals("abc", "abc")).isTrue();
        assertThat(Secrets.constantTimeEquals("abc", "abd")).isFalse();
        assertThat(Secrets.constantTimeEquals("abc", "abcd")).isFalse();
        assertThat(Secrets.constantTimeEquals((String) null, "abc")).isFalse();
    }
}
