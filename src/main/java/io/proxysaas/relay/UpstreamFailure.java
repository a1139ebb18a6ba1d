package io.proxysaas.relay;

import io.proxysaas.access.RefusalReason.Socks5Reply;

/**
 * Why a connection through the upstream could not be set up, with the answer each front protocol
 * gives (HTTP 502/504, a SOCKS5 reply code). Messages never hold the upstream's password.
 */
final class UpstreamFailure extends Exception {

    enum Kind {
        /** TCP connect or upstream handshake took longer than the connect timeout. */
        TIMEOUT,
        /** The upstream's port refused the TCP connection (upstream down). */
        REFUSED,
        /** The upstream host could not be resolved or reached. */
        UNREACHABLE,
        /** The upstream did not accept our credentials (wrong upstream password). */
        AUTH_FAILED,
        /** The upstream is fine but would not reach the target (non-2xx CONNECT, SOCKS5 reply != 0). */
        TARGET_REJECTED,
        /** The upstream spoke something we do not understand or hung up mid-handshake. */
        PROTOCOL
    }

    private final Kind kind;
    private final int upstreamSocksReply;
    private final int upstreamHttpStatus;

    UpstreamFailure(Kind kind, String message, int upstreamHttpStatus, int upstreamSocksReply, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.upstreamHttpStatus = upstreamHttpStatus;
        this.upstreamSocksReply = upstreamSocksReply;
    }

    UpstreamFailure(Kind kind, String message) {
        this(kind, message, -1, -1, null);
    }

    Kind kind() {
        return kind;
    }

    int upstreamHttpStatus() {
        return upstreamHttpStatus;
    }

    /** True when the upstream itself is to blame (feeds its health), not the customer's target. */
    boolean upstreamAtFault() {
        return kind != Kind.TARGET_REJECTED;
    }

    int clientHttpStatus() {
        if (kind == Kind.TIMEOUT || (kind == Kind.TARGET_REJECTED && upstreamHttpStatus == 504)) {
            return 504;
        }
        return 502;
    }

    byte clientSocksReply() {
        return switch (kind) {
            case TIMEOUT, UNREACHABLE -> Socks5Reply.HOST_UNREACHABLE;
            case REFUSED -> Socks5Reply.CONNECTION_REFUSED;
            case AUTH_FAILED, PROTOCOL -> Socks5Reply.GENERAL_FAILURE;
            case TARGET_REJECTED -> upstreamSocksReply > 0 && upstreamSocksReply <= 8
                    ? (byte) upstreamSocksReply
                    : upstreamHttpStatus == 504 ? Socks5Reply.HOST_UNREACHABLE : Socks5Reply.CONNECTION_REFUSED;
        };
    }

    /** Close reason of the access log. */
    String closeReason() {
        return kind == Kind.TIMEOUT ? "upstream_timeout" : "upstream_error";
    }
}
