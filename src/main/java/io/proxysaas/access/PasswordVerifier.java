package io.proxysaas.access;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies proxy passwords without paying a slow hash on every socket: the first success against
 * a stored hash is remembered as an HMAC-SHA256 of username and password under a key that never
 * leaves this process, tied to that stored hash (a password change forgets it). Failures are never
 * remembered, so each wrong attempt pays the slow check (brute force is the blocklist's job).
 * A cached check allocates nothing: the HMAC and the UTF-8 of its input use per-thread buffers.
 */
public final class PasswordVerifier {

    /** Longer credentials (never sent by real clients) are encoded into a one-off array instead. */
    static final int SCRATCH_BYTES = 1024;

    private final SlowHashCheck slowCheck;
    private final int maxEntries;
    private final Map<String, Remembered> successes = new ConcurrentHashMap<>();
    private final ThreadLocal<Scratch> scratch;

    public PasswordVerifier(SlowHashCheck slowCheck, int maxEntries) {
        this(slowCheck, maxEntries, randomKey());
    }

    /** @param key the HMAC key of the cache (tests compare with the JDK's HMAC under a known key) */
    PasswordVerifier(SlowHashCheck slowCheck, int maxEntries, byte[] key) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("password cache size must be at least 1, was " + maxEntries);
        }
        this.slowCheck = Objects.requireNonNull(slowCheck, "slowCheck");
        this.maxEntries = maxEntries;
        byte[] copy = key.clone();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(new HmacSha256(copy)));
    }

    /** Whether {@code password} is the password of {@code username}, whose stored hash is {@code storedHash}. */
    public boolean verify(String username, String password, String storedHash) {
        if (cannotMatch(username, password, storedHash)) {
            return false;
        }
        if (remembered(username, storedHash, fastHash(username, password))) {
            return true;
        }
        if (!slowCheck.matches(password, storedHash)) {
            return false;
        }
        // fastHash answers in a per-thread buffer: the entry keeps its own copy
        remember(username, new Remembered(storedHash, fastHash(username, password).clone()));
        return true;
    }

    /**
     * Whether {@link #verify} would answer true without the slow check: this password already
     * succeeded against this stored hash. Costs one HMAC; safe on an event loop.
     */
    public boolean isCached(String username, String password, String storedHash) {
        if (cannotMatch(username, password, storedHash)) {
            return false;
        }
        return remembered(username, storedHash, fastHash(username, password));
    }

    /**
     * Whether {@link #verify} can answer without the slow check: the arguments can never match, or
     * the success is cached. A caller that must not block runs {@code verify} elsewhere otherwise.
     */
    public boolean answersFast(String username, String password, String storedHash) {
        return cannotMatch(username, password, storedHash) || isCached(username, password, storedHash);
    }

    /** Whether {@link #verify} answers false without hashing at all (something is missing). */
    public static boolean cannotMatch(String username, String password, String storedHash) {
        return username == null || password == null || storedHash == null || storedHash.isEmpty();
    }

    private boolean remembered(String username, String storedHash, byte[] fast) {
        Remembered known = successes.get(username);
        return known != null && known.storedHash.equals(storedHash) && MessageDigest.isEqual(known.fastHash, fast);
    }

    /** Forgets a customer's remembered password (removed customer, rotated password). */
    public void forget(String username) {
        successes.remove(username);
    }

    int cachedEntries() {
        return successes.size();
    }

    private void remember(String username, Remembered entry) {
        // Bounded: past the limit an arbitrary entry goes; its owner pays one slow check again.
        Iterator<String> it = successes.keySet().iterator();
        while (successes.size() >= maxEntries && it.hasNext()) {
            String victim = it.next();
            if (!victim.equals(username)) {
                it.remove();
            }
        }
        successes.put(username, entry);
    }

    /** HMAC of the username's length, the username and the password, in a buffer the next call reuses. */
    byte[] fastHash(String username, String password) {
        Scratch s = scratch.get();
        int longest = Math.max(username.length(), password.length());
        byte[] text = 4 + longest * Utf8.MAX_BYTES_PER_CHAR <= SCRATCH_BYTES ? s.text
                : new byte[4 + longest * Utf8.MAX_BYTES_PER_CHAR];
        int n = Utf8.encode(username, text, 4);
        // Length prefix so ("ab","c") and ("a","bc") never collide.
        text[0] = (byte) (n >>> 24);
        text[1] = (byte) (n >>> 16);
        text[2] = (byte) (n >>> 8);
        text[3] = (byte) n;
        s.hmac.update(text, 0, 4 + n);
        s.hmac.update(text, 0, Utf8.encode(password, text, 0));
        return s.hmac.doFinal();
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** One thread's HMAC and its input buffer. */
    private static final class Scratch {
        final HmacSha256 hmac;
        final byte[] text = new byte[SCRATCH_BYTES];

        Scratch(HmacSha256 hmac) {
            this.hmac = hmac;
        }
    }

    private record Remembered(String storedHash, byte[] fastHash) {
    }
}
