package io.proxysaas.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admin API tokens: the bootstrap token at first start, bearer authentication in constant time
 * against an in-memory copy of the stored hashes (refreshed every few seconds so tokens made on
 * another node are seen), and token management.
 */
public class AdminTokenService {

    /** A token just created: the plaintext exists only in this value. */
    public record IssuedToken(AdminToken token, String secret) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(AdminTokenService.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    private static final Duration REFRESH = Duration.ofSeconds(10);
    private static final Duration REFRESH_ON_MISS = Duration.ofSeconds(1);
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final AdminTokenRepository tokens;
    private final Clock clock;
    private final Map<Long, Instant> touched = new ConcurrentHashMap<>();
    private volatile List<AdminToken> cached = List.of();
    private volatile Instant loadedAt = Instant.MIN;

    public AdminTokenService(AdminTokenRepository tokens, Clock clock) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Makes sure an admin can get in: stores {@code configuredToken} (ADMIN_TOKEN) if given and not
     * stored yet; else, when no token exists at all, generates one and logs it once.
     *
     * @return the generated token, if one was generated
     */
    public Optional<String> bootstrap(String configuredToken) {
        List<AdminToken> existing = reload();
        if (configuredToken != null && !configuredToken.isBlank()) {
            String hash = Secrets.sha256Hex(configuredToken.trim());
            if (existing.stream().noneMatch(t -> t.tokenHash().equals(hash))) {
                tokens.insert("ADMIN_TOKEN", hash);
                LOG.info("Admin token from ADMIN_TOKEN stored (as a SHA-256 hash)");
                reload();
            }
            return Optional.empty();
        }
        if (!existing.isEmpty()) {
            return Optional.empty();
        }
        String secret = Secrets.adminToken();
        tokens.insert("bootstrap", Secrets.sha256Hex(secret));
        reload();
        LOG.warn("Admin token (shown once): {}", secret);
        return Optional.of(secret);
    }

    /** The token {@code bearer} belongs to, or empty; every stored hash is compared, without early exit. */
    public Optional<AdminToken> authenticate(String bearer) {
        if (bearer == null || bearer.isEmpty() || bearer.length() > 512) {
            return Optional.empty();
        }
        String hash = Secrets.sha256Hex(bearer);
        Instant now = clock.instant();
        if (loadedAt.plus(REFRESH).isBefore(now)) {
            reload();
        }
        Optional<AdminToken> found = match(hash);
        if (found.isEmpty() && loadedAt.plus(REFRESH_ON_MISS).isBefore(now)) {
            reload();
            found = match(hash);
        }
        found.ifPresent(t -> touch(t, now));
        return found;
    }

    public List<AdminToken> list() {
        return reload();
    }

    public IssuedToken create(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: must be 1-64 characters of A-Z a-z 0-9 _ . @ -");
        }
        String secret = Secrets.adminToken();
        AdminToken token = tokens.insert(name, Secrets.sha256Hex(secret));
        reload();
        return new IssuedToken(token, secret);
    }

    public boolean delete(long id) {
        boolean removed = tokens.delete(id);
        reload();
        return removed;
    }

    private Optional<AdminToken> match(String hash) {
        AdminToken found = null;
        for (AdminToken t : cached) {
            if (Secrets.constantTimeEquals(t.tokenHash(), hash)) {
                found = t;
            }
        }
        return Optional.ofNullable(found);
    }

    private void touch(AdminToken token, Instant now) {
        Instant last = touched.get(token.id());
        if (last == null || last.plus(TOUCH_EVERY).isBefore(now)) {
            touched.put(token.id(), now);
            tokens.touch(token.id(), now);
        }
    }

    private List<AdminToken> reload() {
        List<AdminToken> all = List.copyOf(tokens.findAll());
        cached = all;
        loadedAt = clock.instant();
        return all;
    }
}
