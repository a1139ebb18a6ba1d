package io.proxysaas.relay;

/**
 * User event fired through a customer pipeline when its handshake took longer than allowed; the
 * frontend in charge answers in its protocol (HTTP 408) and closes.
 */
final class HandshakeTimeout {

    static final HandshakeTimeout EVENT = new HandshakeTimeout();

    private HandshakeTimeout() {
    }

    @Override
    public String toString() {
        return "HandshakeTimeout";
    }
}
