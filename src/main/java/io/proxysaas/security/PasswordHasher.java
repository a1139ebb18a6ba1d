package io.proxysaas.security;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Slow salted password hashes for customers' proxy passwords, in a self-describing text form
 * {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>} so the iteration count can change
 * without invalidating stored hashes. Thread-safe; {@link #verify} needs no instance state.
 */
public final class PasswordHasher {

    public static final int DEFAULT_ITERATIONS = 120_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    /** Refuses stored hashes that would make one verification take minutes (a hostile row). */
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;

    public PasswordHasher(int iterations) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("security.password-iterations=" + iterations
                    + ": expected 1.." + MAX_ITERATIONS);
        }
        this.iterations = iterations;
    }

    public PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    public int iterations() {
        return iterations;
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** True when {@code password} matches {@code stored}; false for any malformed stored value. */
    public static boolean verify(String password, String stored) {
        if (password == null || stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$", -1);
        if (parts.length != 4 || !SCHEME.equals(parts[0]) || !parts[1].matches("\\d{1,8}")) {
            return false;
        }
        int iterations = Integer.parseInt(parts[1]);
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            if (salt.length == 0 || expected.length == 0) {
                return false;
            }
            byte[] actual = pbkdf2(password, salt, iterations, expected.length * 8);
            return Secrets.constantTimeEquals(actual, expected);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        return pbkdf2(password, salt, iterations, HASH_BITS);
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations, int bits) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }

}
