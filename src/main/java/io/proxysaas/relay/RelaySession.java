package io.proxysaas.relay;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.proxysaas.access.Admission;
import io.proxysaas.observe.ConnectionSummary;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything known about one customer socket, from accept to close: who, where to, byte counters
 * and why it ended. Counters are written on the channel's event loop only; a usage reporter or a
 * shaper reads them from there (or tolerates a slightly stale volatile read elsewhere).
 */
public final class RelaySession {

    static final AttributeKey<RelaySession> KEY = AttributeKey.valueOf(RelaySession.class, "session");
    private static final Logger LOG = LoggerFactory.getLogger(RelaySession.class);

    private final Channel client;
    private final RelayServices services;
    private final int port;
    private final Instant start = Instant.now();
    private final long startNanos = System.nanoTime();
    private final InetAddress clientAddress;
    /** Racy but benign: every thread computes the same immutable string. */
    private String clientIp;

    private volatile String protocol = "unknown";
    private volatile String username;
    private volatile String target;
    private volatile String upstream;
    private volatile long payloadIn;
    private volatile long payloadOut;
    private volatile long wireIn;
    private volatile long wireOut;
    private volatile boolean wireIsPayload;
    private volatile String closeReason;
    private Admission.Grant grant;
    private volatile ByteBudget budget;
    private Channel upstreamChannel;
    /** The upstream connection started at accept, until a handshake takes it (or the close drops it). */
    private UpstreamConnector.Early early;
    private boolean finished;
    private ByteMeter meter;

    RelaySession(Channel client, RelayServices services, int port) {
        this.client = client;
        this.services = services;
        this.port = port;
        this.clientAddress = client.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        client.closeFuture().addListener(f -> finish());
    }

    static RelaySession of(Channel channel) {
        return channel.attr(KEY).get();
    }

    public Channel client() {
        return client;
    }

    public int port() {
        return port;
    }

    public InetAddress clientAddress() {
        return clientAddress;
    }

    /** The client's textual address, formatted once (the registry, limits and access log all ask). */
    public String clientIp() {
        String ip = clientIp;
        if (ip == null && clientAddress != null) {
            ip = clientAddress.getHostAddress();
            clientIp = ip;
        }
        return ip;
    }

    public String username() {
        return username;
    }

    public long bytesIn() {
        return wireIsPayload ? wireIn : payloadIn;
    }

    public long bytesOut() {
        return wireIsPayload ? wireOut : payloadOut;
    }

    public Admission.Grant grant() {
        return grant;
    }

    /** The quota budget of this socket, or null when the customer has no quota. */
    ByteBudget budget() {
        return budget;
    }

    void protocol(String protocol) {
        this.protocol = protocol;
    }

    void target(String target) {
        this.target = target;
    }

    void upstream(String display) {
        this.upstream = display;
    }

    void upstreamChannel(Channel channel) {
        this.upstreamChannel = channel;
    }

    /** Remembers the upstream connection started at accept (on the event loop; null: none). */
    void early(UpstreamConnector.Early connection) {
        this.early = connection;
    }

    /** The upstream connection started at accept, once: the first upstream open takes it over. */
    UpstreamConnector.Early takeEarly() {
        UpstreamConnector.Early taken = early;
        early = null;
        return taken;
    }

    /** Plain HTTP: every byte on the client's wire is payload (request and response heads included). */
    void countWireAsPayload() {
        this.wireIsPayload = true;
    }

    void addWireIn(long n) {
        wireIn += n;
    }

    void addWireOut(long n) {
        wireOut += n;
    }

    void addPayloadIn(long n) {
        payloadIn += n;
    }

    void addPayloadOut(long n) {
        payloadOut += n;
    }

    /**
     * The socket was admitted: remember the grant (released exactly once at close), make it findable,
     * shape it. On the event loop only. When the socket already finished (it closed while the
     * admission was pending) the grant is released at once and false returned.
     */
    boolean granted(Admission.Grant grant) {
        if (finished) {
            releaseQuietly(grant);
            return false;
        }
        this.grant = grant;
        this.username = grant.username();
        this.budget = services.registry().budgetFor(grant);
        if (services.connector() != null) {
            services.connector().admitted(clientAddress);
        }
        if (client.isOpen()) {
            services.registry().add(this);
            BandwidthShaper.install(this, grant, services.shapers());
        }
        return true;
    }

    /** The socket's meter keeps the handshake and idle clocks (set once by the initializer). */
    void meter(ByteMeter meter) {
        this.meter = meter;
    }

    /** The client finished its handshake in time (the upstream connect has its own timeout). */
    void handshakeDone() {
        if (meter != null) {
            meter.handshakeDone();
        }
    }

    RelayServices services() {
        return services;
    }

    /** Records why the socket ends; the first reason wins. */
    void reason(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
    }

    /** Closes the socket (and its upstream) from any thread, e.g. a kick. */
    public void close(String reason) {
        client.eventLoop().execute(() -> {
            reason(reason);
            client.close();
            if (upstreamChannel != null) {
                upstreamChannel.close();
            }
        });
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (upstreamChannel != null) {
            // what the client sent before it went still reaches the upstream (bounded like an idle pair)
            RelayHandler.closeOnFlush(upstreamChannel, services.settings().idleTimeout().toNanos());
        }
        if (early != null) {
            early.discard(); // refused, or gone before asking for anything
            early = null;
        }
        reason("client_closed");
        try {
            services.observer().closed(new ConnectionSummary(start, services.settings().nodeName(), port, protocol,
                    username, clientIp(), target, upstream, bytesIn(), bytesOut(),
                    (System.nanoTime() - startNanos) / 1_000_000, closeReason));
        } catch (RuntimeException e) {
            LOG.warn("connection observer failed for port {}", port, e);
        }
        if (grant != null) {
            services.registry().remove(this);
            releaseQuietly(grant);
        }
    }

    private void releaseQuietly(Admission.Grant grant) {
        try {
            services.access().release(grant);
        } catch (RuntimeException e) {
            LOG.warn("releasing the grant of {} on port {} failed", grant.username(), port, e);
        }
    }
}
