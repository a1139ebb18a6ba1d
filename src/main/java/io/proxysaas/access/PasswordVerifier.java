package io.proxysaas.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies proxy passwords without paying a slow hash on every socket: the first success against
 * a stored hash is remembered as an HMAC-SHA256 of username and password under a key that never
 * leaves this process, tied to that stored hash (a password change forgets it). Failures are never
 * remembered, so each wrong attempt pays the slow check (brute force is the blocklist's job).
 */
public final class PasswordVerifier {

    private static final String HMAC = "HmacSHA256";

    private final SlowHashCheck slowCheck;
    private final int maxEntries;
    private final Map<String, Remembered> successes = new ConcurrentHashMap<>();
    private final ThreadLocal<Mac> macs;

    public PasswordVerifier(SlowHashCheck slowCheck, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("password cache size must be at least 1, was " + maxEntries);
        }
        this.slowCheck = Objects.requireNonNull(slowCheck, "slowCheck");
        this.maxEntries = maxEntries;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        SecretKeySpec spec = new SecretKeySpec(key, HMAC);
        this.macs = ThreadLocal.withInitial(() -> newMac(spec));
    }

    /** Whether {@code password} is the password of {@code username}, whose stored hash is {@code storedHash}. */
    public boolean verify(String username, String password, String storedHash) {
        if (username == null || password == null || storedHash == null || storedHash.isEmpty()) {
            return false;
        }
        byte[] fast = fastHash(username, password);
        if (remembered(username, storedHash, fast)) {
            return true;
        }
        if (!slowCheck.matches(password, storedHash)) {
            return false;
        }
        remember(username, new Remembered(storedHash, fast));
        return true;
    }

    /**
     * Whether {@link #verify} would answer true without the slow check: this password already
     * succeeded against this stored hash. Costs one HMAC; safe on an event loop.
     */
    public boolean isCached(String username, String password, String storedHash) {
        if (username == null || password == null || storedHash == null || storedHash.isEmpty()) {
            return false;
        }
        return remembered(username, storedHash, fastHash(username, password));
    }

    /**
     * Whether {@link #verify} can answer without the slow check: the arguments can never match, or
     * the success is cached. A caller that must not block runs {@code verify} elsewhere otherwise.
     */
    public boolean answersFast(String username, String password, String storedHash) {
        return username == null || password == null || storedHash == null || storedHash.isEmpty()
                || isCached(username, password, storedHash);
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

    private byte[] fastHash(String username, String password) {
        Mac mac = macs.get();
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        // Length prefix so ("ab","c") and ("a","bc") never collide.
        mac.update(new byte[] {(byte) (user.length >>> 24), (byte) (user.length >>> 16),
                (byte) (user.length >>> 8), (byte) user.length});
        mac.update(user);
        return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM offers no " + HMAC + " for the password cache", e);
        }
    }

    private record Remembered(String storedHash, byte[] fastHash) {
    }
}
