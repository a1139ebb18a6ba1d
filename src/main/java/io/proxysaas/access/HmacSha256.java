package io.proxysaas.access;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA256 (RFC 2104) over one reused SHA-256 digest, answering into its own buffer: the JDK's
 * {@code Mac.doFinal} allocates a new array on every call (even {@code doFinal(byte[], int)}), and
 * the password cache computes one per socket. Not thread-safe: one instance per thread.
 */
final class HmacSha256 {

    static final int LENGTH = 32;
    private static final int BLOCK = 64;

    private final MessageDigest sha256;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] out = new byte[LENGTH];
    private boolean started;

    HmacSha256(byte[] key) {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM offers no SHA-256 for the password cache", e);
        }
        byte[] k = key.length > BLOCK ? sha256.digest(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5c);
        }
    }

    void update(byte[] data, int offset, int length) {
        start();
        sha256.update(data, offset, length);
    }

    /** The MAC of everything given since the last call; the array is overwritten by the next call. */
    byte[] doFinal() {
        start();
        started = false;
        digestInto(out);
        sha256.update(outerPad);
        sha256.update(out, 0, LENGTH);
        digestInto(out);
        return out;
    }

    private void start() {
        if (!started) {
            sha256.update(innerPad);
            started = true;
        }
    }

    private void digestInto(byte[] target) {
        try {
            sha256.digest(target, 0, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 refused a " + LENGTH + "-byte output buffer", e);
        }
    }
}
