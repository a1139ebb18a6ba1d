package io.proxysaas.relay;

import io.proxysaas.pool.Upstream;
import io.proxysaas.pool.UpstreamScheme;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the relay's end-to-end tests put behind a {@link RelayHarness}: a JDK origin, Debian's tinyproxy
 * (HTTP upstream, logical port {@link #HTTP}) and microsocks (SOCKS5 upstream, {@link #SOCKS}), both
 * with user {@code up}/{@code secret}. Customers log in as {@code user:pw-user}. Closes all it started.
 */
final class ProxiedOrigin implements AutoCloseable {

    static final int HTTP = 1;
    static final int SOCKS = 2;

    final TargetServer target;
    private final ExternalProxy tinyproxy;
    private final ExternalProxy microsocks;
    private RelayHarness relay;

    private ProxiedOrigin(TargetServer target, ExternalProxy tinyproxy, ExternalProxy microsocks) {
        this.target = target;
        this.tinyproxy = tinyproxy;
        this.microsocks = microsocks;
    }

    /** Starts the origin and both upstreams (their configs and logs in {@code dir}). */
    static ProxiedOrigin start(Path dir) throws IOException {
        TargetServer target = new TargetServer();
        ExternalProxy tinyproxy = null;
        try {
            tinyproxy = ExternalProxy.tinyproxy(dir, "up", "secret");
            return new ProxiedOrigin(target, tinyproxy, ExternalProxy.microsocks(dir, "up", "secret"));
        } catch (IOException | RuntimeException e) {
            if (tinyproxy != null) {
                tinyproxy.close();
            }
            target.close();
            throw e;
        }
    }

    Upstream http() {
        return new Upstream(UpstreamScheme.HTTP, "127.0.0.1", tinyproxy.port, "up", "secret");
    }

    Upstream socks() {
        return new Upstream(UpstreamScheme.SOCKS5, "127.0.0.1", microsocks.port, "up", "secret");
    }

    /** Binds {@link #HTTP} and {@link #SOCKS} of {@code harness} to the upstreams; closed with this fixture. */
    RelayHarness serve(RelayHarness harness) throws InterruptedException {
        this.relay = harness;
        harness.bind(HTTP, http());
        harness.bind(SOCKS, socks());
        return harness;
    }

    /** An HTTP CONNECT to the origin through {@code relayPort} as {@code user} (from {@code localIp}, null = any). */
    RawClient connect(int relayPort, String user, String localIp) throws IOException {
        return new RawClient(relayPort, localIp).httpConnect(user, "pw-" + user, target.port());
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {relay, tinyproxy, microsocks, target}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }
}
