package io.proxysaas.pool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * One read of the pool file: its text and a fingerprint (mtime, size, SHA-256) to tell whether a
 * later read saw a change. Invalid UTF-8 becomes U+FFFD, which the parser reports per line.
 */
record PoolFileSnapshot(String text, Fingerprint fingerprint) {

    /** Far beyond 65,535 lines of proxies; a bigger file is a mistake, not a pool. */
    static final long MAX_BYTES = 32L << 20;

    /** What the file looked like; the hash decides, mtime and size only spare a read. */
    record Fingerprint(long modifiedMillis, long size, byte[] sha256) {
        boolean sameStat(Fingerprint other) {
            return other != null && modifiedMillis == other.modifiedMillis && size == other.size;
        }

        boolean sameContent(Fingerprint other) {
            return other != null && Arrays.equals(sha256, other.sha256);
        }
    }

    static Fingerprint stat(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Fingerprint(attributes.lastModifiedTime().toMillis(), attributes.size(), null);
        } catch (IOException e) {
            throw new PoolFileException(file, "cannot read its attributes", e);
        }
    }

    static PoolFileSnapshot read(Path file) {
        Fingerprint stat = stat(file);
        if (!Files.isRegularFile(file)) {
            throw new PoolFileException(file, "is not a regular file", null);
        }
        if (stat.size() > MAX_BYTES) {
            throw new PoolFileException(file, "is " + stat.size() + " bytes, more than the " + MAX_BYTES + " allowed", null);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | OutOfMemoryError e) {
            throw new PoolFileException(file, "cannot be read", e);
        }
        // new String(..., UTF_8) turns invalid UTF-8 into U+FFFD, which the parser reports per line
        String text = new String(bytes, StandardCharsets.UTF_8);
        return new PoolFileSnapshot(text, new Fingerprint(stat.modifiedMillis(), bytes.length, sha256(bytes)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }
}
