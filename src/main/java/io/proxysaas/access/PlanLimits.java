package io.proxysaas.access;

import io.proxysaas.customer.Plan;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The plan limits of SPEC §4 as {@link AdmissionRules.LimitCheck}s, in admission order: quota ->
 * per-IP sockets -> per-port threads (-> cluster threads in strict mode) -> QPS -> per-IP QPS.
 * 0 means unlimited for every limit. The socket caps count the socket in the same atomic step
 * (two racing sockets cannot both take the last place); a later refusal gives the place back.
 */
public final class PlanLimits {

    /** {@code limits.threads.mode}: per-port cap only, or also the cluster-wide live count. */
    public enum ThreadsMode {
        PORT, STRICT;

        public static ThreadsMode parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "port" -> PORT;
                case "strict" -> STRICT;
                default -> throw new IllegalArgumentException(
                        "limits.threads.mode=" + text + ": expected 'port' or 'strict'");
            };
        }
    }

    private final LiveSockets sockets;
    private final Supplier<QuotaCheck> quota;
    private final Supplier<ClusterLiveSockets> cluster;
    private final ThreadsMode mode;
    private final QpsBuckets<String> customerBuckets;
    private final QpsBuckets<CustomerIp> ipBuckets;
    private final List<AdmissionRules.LimitCheck> checks;

    public PlanLimits(Clock clock, LiveSockets sockets, Supplier<QuotaCheck> quota, Supplier<ClusterLiveSockets> cluster,
                      ThreadsMode mode, int maxBuckets) {
        this.sockets = Objects.requireNonNull(sockets, "sockets");
        this.quota = Objects.requireNonNull(quota, "quota");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.customerBuckets = new QpsBuckets<>(clock, maxBuckets);
        this.ipBuckets = new QpsBuckets<>(clock, maxBuckets);
        this.checks = List.of(this::quota, new SocketCaps(), this::qps, this::ipQps);
    }

    /** The checks for {@link AdmissionRules}, in admission order. */
    public List<AdmissionRules.LimitCheck> checks() {
        return checks;
    }

    /** The check for a further plain-HTTP request on an admitted connection: the customer's QPS. */
    public AdmissionRules.LimitCheck requestCheck() {
        return this::qps;
    }

    /** Drops idle token buckets (a periodic job); returns how many went. */
    public int evictIdleBuckets() {
        return customerBuckets.evictIdle() + ipBuckets.evictIdle();
    }

    int bucketCount() {
        return customerBuckets.size() + ipBuckets.size();
    }

    private Admission.Refusal quota(Admission.Grant g, Instant now) {
        return quota.get().exhausted(g.username()) ? PlainRefusals.of(RefusalReason.QUOTA_EXCEEDED) : null;
    }

    private Admission.Refusal qps(Admission.Grant g, Instant now) {
        int rate = g.plan().qps();
        if (rate <= 0 || customerBuckets.tryTake(g.username(), rate)) {
            return null;
        }
        return new Admission.Refusal(RefusalReason.QPS, "limit " + rate + "/s");
    }

    private Admission.Refusal ipQps(Admission.Grant g, Instant now) {
        int rate = g.plan().ipQps();
        if (rate <= 0 || ipBuckets.tryTake(CustomerIp.of(g.username(), g.clientIp()), rate)) {
            return null;
        }
        return new Admission.Refusal(RefusalReason.IP_QPS, "limit " + rate + "/s");
    }

    /** ip_threads, threads on this port and (strict) threads cluster-wide: checked and counted at once. */
    private final class SocketCaps implements AdmissionRules.LimitCheck {

        @Override
        public Admission.Refusal check(Admission.Grant g, Instant now) {
            Plan plan = g.plan();
            int threads = Math.max(0, plan.threads());
            boolean strict = mode == ThreadsMode.STRICT && threads > 0;
            RefusalReason refused = sockets.tryOpen(g.username(), g.port(), g.clientIp(),
                    Math.max(0, plan.ipThreads()), threads, strict ? threads : 0);
            if (refused == null && strict && cluster.get().live(g.username()) >= threads) {
                sockets.closed(g.username(), g.port(), g.clientIp());
                refused = RefusalReason.CLUSTER_THREADS;
            }
            if (refused == null) {
                return null;
            }
            int limit = refused == RefusalReason.IP_THREADS ? plan.ipThreads() : threads;
            return new Admission.Refusal(refused, "limit " + limit);
        }

        @Override
        public void undo(Admission.Grant g) {
            sockets.closed(g.username(), g.port(), g.clientIp());
        }

        @Override
        public boolean countsSockets() {
            return true;
        }
    }

    /** The key of a per-IP bucket; a client that keeps connecting reuses its key object. */
    private record CustomerIp(String username, String clientIp) {

        private static final int SLOTS = 16;
        private static final ThreadLocal<CustomerIp[]> RECENT = ThreadLocal.withInitial(() -> new CustomerIp[SLOTS]);

        static CustomerIp of(String username, String clientIp) {
            CustomerIp[] recent = RECENT.get();
            int slot = (31 * username.hashCode() + clientIp.hashCode()) & (SLOTS - 1);
            CustomerIp key = recent[slot];
            if (key == null || !key.username.equals(username) || !key.clientIp.equals(clientIp)) {
                key = new CustomerIp(username, clientIp);
                recent[slot] = key;
            }
            return key;
        }
    }
}
