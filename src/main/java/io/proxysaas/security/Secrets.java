package io.proxysaas.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random secrets (passwords, API keys, admin tokens), their SHA-256 digests and constant-time comparison. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** A URL-safe random password of 20 characters (120 bits). */
    public static String password() {
        return random(15);
    }

    /** A URL-safe random API key of 32 characters (192 bits). */
    public static String apiKey() {
        return random(24);
    }

    /** A URL-safe random admin token of 43 characters (256 bits). */
    public static String adminToken() {
        return random(32);
    }

    /** {@code bytes} random bytes as unpadded URL-safe Base64 (only {@code A-Z a-z 0-9 - _}). */
    public static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String sha256Hex(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** Compares without an early exit, so the time taken does not tell how many leading bytes matched. */
    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    public static boolean constantTimeEquals(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
