package io.proxysaas.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminTokenServiceTest {

    /** An in-memory token store (the JDBC one is tested in the store's tests). */
    static final class MemoryTokens implements AdminTokenRepository {
        final List<AdminToken> tokens = new ArrayList<>();
        int touches;

        @Override
        public List<AdminToken> findAll() {
            return List.copyOf(tokens);
        }

        @Override
        public AdminToken insert(String name, String tokenHash) {
            AdminToken t = new AdminToken(tokens.size() + 1, name, tokenHash, Instant.EPOCH, null);
            tokens.add(t);
            return t;
        }

        @Override
        public boolean delete(long id) {
            return tokens.removeIf(t -> t.id() == id);
        }

        @Override
        public void touch(long id, Instant lastUsedAt) {
            touches++;
        }
    }

    final MemoryTokens store = new MemoryTokens();
    final AdminTokenService service = new AdminTokenService(store, Clock.systemUTC());

    @Test
    void should_generate_a_token_at_first_start_and_store_only_its_hash() {
        Optional<String> generated = service.bootstrap("");

        assertThat(generated).isPresent();
        assertThat(store.tokens).singleElement()
                .satisfies(t -> assertThat(t.tokenHash()).isEqualTo(Secrets.sha256Hex(generated.get())));
        assertThat(service.authenticate(generated.get())).map(AdminToken::name).contains("bootstrap");
        assertThat(service.bootstrap("")).isEmpty();
        assertThat(store.tokens).hasSize(1);
    }

    @Test
    void should_use_the_configured_token_instead_of_generating_one() {
        assertThat(service.bootstrap("from-env-token")).isEmpty();

        assertThat(service.authenticate("from-env-token")).map(AdminToken::name).contains("ADMIN_TOKEN");
        assertThat(service.bootstrap("from-env-token")).isEmpty();
        assertThat(store.tokens).hasSize(1);
    }

    @Test
    void should_refuse_wrong_empty_and_oversized_tokens() {
        service.bootstrap("right-token");

        assertThat(service.authenticate("wrong-token")).isEmpty();
        assertThat(service.authenticate("")).isEmpty();
        assertThat(service.authenticate(null)).isEmpty();
        assertThat(service.authenticate("x".repeat(10_000))).isEmpty();
    }

    @Test
    void should_create_and_delete_tokens() {
        service.bootstrap("first");
        AdminTokenService.IssuedToken issued = service.create("ci-bot");

        assertThat(service.authenticate(issued.secret())).map(AdminToken::name).contains("ci-bot");
        assertThat(service.delete(issued.token().id())).isTrue();
        assertThat(service.authenticate(issued.secret())).isEmpty();
        assertThat(service.authenticate("first")).isPresent();
    }
}
