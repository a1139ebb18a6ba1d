package io.proxysaas.access;

import io.proxysaas.limits.MutableClock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real admission with every plan limit, over a {@link TestDirectory}, a hand-moved clock and
 * in-test lockout, quota and cluster-count beans that tests set directly.
 */
public final class LimitedAccess {

    public static final Instant START = Instant.parse("2030-06-01T12:00:00Z");

    public final TestDirectory directory = new TestDirectory();
    /** The hand-moved clock, or null when the instance runs on real time. */
    public final MutableClock clock;
    public final Map<String, Instant> lockouts = new ConcurrentHashMap<>();
    public final Set<String> quotaUsedUp = ConcurrentHashMap.newKeySet();
    public final Map<String, Long> clusterLive = new ConcurrentHashMap<>();
    public final LiveSockets sockets = new LiveSockets();
    public final RefusalCounters refusals = new RefusalCounters();
    public final PlanLimits limits;
    public final DefaultAccessService service;

    public LimitedAccess(PlanLimits.ThreadsMode mode) {
        this(new MutableClock(START), mode, 1_000_000);
    }

    public LimitedAccess(Clock clock, PlanLimits.ThreadsMode mode, int maxBuckets) {
        this.clock = clock instanceof MutableClock m ? m : null;
        limits = new PlanLimits(clock, sockets, () -> quotaUsedUp::contains,
                () -> user -> clusterLive.getOrDefault(user, 0L), mode, maxBuckets);
        AdmissionRules rules = new AdmissionRules(clock, () -> lockouts::get, limits.checks());
        service = new DefaultAccessService(directory, new PasswordVerifier(TestDirectory.PLAIN, 1000),
                IpBlocklist.NONE, rules, sockets, limits.requestCheck(), refusals, clock);
    }

    public Admission admit(String user, int port, String clientIp) {
        return service.admit(port, new Credentials(user, "pw-" + user), ip(clientIp));
    }

    public void change(String user, java.util.function.UnaryOperator<io.proxysaas.customer.Customer> edit) {
        directory.change(user, edit);
    }

    public static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
