package io.proxysaas.relay;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the data plane (SPEC §3): how long a client may take for its handshake, how long the
 * upstream may take to connect and answer, how long a silent tunnel lives, the request-head cap, and
 * for how long after an admission a socket from the same address gets its upstream connection
 * started at accept (zero: never).
 */
public record RelaySettings(Duration handshakeTimeout, Duration connectTimeout, Duration idleTimeout,
                            int maxHeaderBytes, String nodeName, Duration preconnectWindow) {

    public static final int DEFAULT_MAX_HEADER_BYTES = 8192;
    public static final Duration DEFAULT_PRECONNECT_WINDOW = Duration.ofMinutes(10);

    public RelaySettings(Duration handshakeTimeout, Duration connectTimeout, Duration idleTimeout,
                         int maxHeaderBytes, String nodeName) {
        this(handshakeTimeout, connectTimeout, idleTimeout, maxHeaderBytes, nodeName, DEFAULT_PRECONNECT_WINDOW);
    }

    public RelaySettings {
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxHeaderBytes <= 0) {
            maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
        }
        nodeName = nodeName == null ? "" : nodeName;
        preconnectWindow = preconnectWindow == null || preconnectWindow.isNegative() ? Duration.ZERO : preconnectWindow;
    }

    /** Defaults of application.properties: 10 s handshake, 10 s connect, 5 min idle, 8 KiB heads, 10 min early connects. */
    public static RelaySettings defaults(String nodeName) {
        return new RelaySettings(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(5),
                DEFAULT_MAX_HEADER_BYTES, nodeName);
    }
}
