package io.proxysaas.relay;

/** What {@link Socks5ServerDecoder} reads from a SOCKS5 client, one message per handshake step. */
sealed interface Socks5Message {

    /** RFC 1928 method selection: the methods the client offers. */
    record Greeting(byte[] methods) implements Socks5Message {
        boolean offers(int method) {
            for (byte m : methods) {
                if ((m & 0xFF) == method) {
                    return true;
                }
            }
            return false;
        }
    }

    /** RFC 1929 username/password. */
    record PasswordAuth(String username, String password) implements Socks5Message {
        @Override
        public String toString() {
            return "PasswordAuth[" + username + ", ***]";
        }
    }

    /** RFC 1928 request: command (1 = CONNECT), target host (IP literal or domain) and port. */
    record Command(int command, String host, int port) implements Socks5Message {
    }

    /** The client broke the protocol; {@code reply} is the RFC 1928 reply to send first, or -1 for none. */
    record Malformed(String why, int reply) implements Socks5Message {
    }
}
