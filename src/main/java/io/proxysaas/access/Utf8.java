package io.proxysaas.access;

/**
 * UTF-8 into a caller's array, byte for byte what {@code String.getBytes(UTF_8)} gives (an unpaired
 * surrogate becomes {@code '?'}), so a hot path can hash text without a new array per call.
 */
final class Utf8 {

    /** No UTF-16 char takes more (a surrogate pair takes 4 bytes for its 2 chars). */
    static final int MAX_BYTES_PER_CHAR = 3;

    private Utf8() {
    }

    /**
     * Writes {@code text} at {@code offset}; {@code target} must hold
     * {@code text.length() * MAX_BYTES_PER_CHAR} bytes from there. Returns how many were written.
     */
    static int encode(String text, byte[] target, int offset) {
        int at = offset;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                target[at++] = (byte) c;
            } else if (c < 0x800) {
                target[at++] = (byte) (0xc0 | (c >> 6));
                target[at++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, text.charAt(++i));
                    target[at++] = (byte) (0xf0 | (cp >> 18));
                    target[at++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                    target[at++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                    target[at++] = (byte) (0x80 | (cp & 0x3f));
                } else {
                    target[at++] = '?';
                }
            } else {
                target[at++] = (byte) (0xe0 | (c >> 12));
                target[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                target[at++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        return at - offset;
    }
}
