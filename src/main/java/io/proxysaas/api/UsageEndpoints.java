package io.proxysaas.api;

import io.proxysaas.access.ClusterLiveSockets;
import io.proxysaas.access.LockoutCheck;
import io.proxysaas.access.RefusalCounters;
import io.proxysaas.enforce.Enforcement;
import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.customer.CustomerStatus;
import io.proxysaas.customer.Plan;
import io.proxysaas.customer.RecordException;
import io.proxysaas.security.AdminTokenService;
import io.proxysaas.usage.CustomerUsage;
import io.proxysaas.usage.UsageLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Registry;

/**
 * Live usage for admins ({@code GET /api/admin/usage}, {@code /api/admin/usage/{username}}) and the
 * usage fields of the customer's {@code /api/v1/me}: all from local memory (the ledger's copy of the
 * cluster counters and the cluster live-socket snapshot), never a network call per customer.
 */
public class UsageEndpoints {

    private final CustomerDirectory directory;
    private final UsageLedger ledger;
    private final Supplier<ClusterLiveSockets> live;
    private final Supplier<LockoutCheck> lockouts;
    private final Supplier<Enforcement> enforcement;
    private final Supplier<RefusalCounters> refusalCounters;
    private final Clock clock;

    UsageEndpoints(CustomerDirectory directory, UsageLedger ledger, Supplier<ClusterLiveSockets> live,
                   Supplier<LockoutCheck> lockouts, Supplier<Enforcement> enforcement,
                   Supplier<RefusalCounters> refusalCounters, Clock clock) {
        this.directory = directory;
        this.refusalCounters = refusalCounters;
        this.enforcement = enforcement;
        this.ledger = ledger;
        this.live = live;
        this.lockouts = lockouts;
        this.clock = clock;
    }

    /** The endpoints when the usage pipeline is installed (a {@link UsageLedger} bean), else null. */
    static UsageEndpoints fromRegistry(CamelContext context) {
        Registry registry = context.getRegistry();
        UsageLedger ledger = registry.findSingleByType(UsageLedger.class);
        CustomerDirectory directory = registry.findSingleByType(CustomerDirectory.class);
        if (ledger == null || directory == null) {
            return null;
        }
        Clock bound = registry.findSingleByType(Clock.class);
        return new UsageEndpoints(directory, ledger,
                () -> orElse(registry.findSingleByType(ClusterLiveSockets.class), ClusterLiveSockets.NONE),
                () -> orElse(registry.findSingleByType(LockoutCheck.class), LockoutCheck.NONE),
                () -> registry.findSingleByType(Enforcement.class),
                () -> registry.findSingleByType(RefusalCounters.class),
                bound == null ? Clock.systemUTC() : bound);
    }

    public ApiResponse list(AdminRequest request) {
        return ApiResponse.ok(directory.customers().stream()
                .sorted(Comparator.comparing(Customer::username))
                .map(this::view)
                .toList());
    }

    public ApiResponse get(AdminRequest request) {
        String username = request.param("username");
        return ApiResponse.ok(view(directory.byUsername(username)
                .orElseThrow(() -> RecordException.notFound("customer", username))));
    }

    /** Refused sockets on this node since start, by reason code ({@code GET /api/admin/refusals}). */
    public ApiResponse refusals(AdminRequest request) {
        RefusalCounters counters = refusalCounters.get();
        return ApiResponse.ok(counters == null ? Map.of() : counters.snapshot());
    }

    /** The usage fields of {@code /api/v1/me} (live sockets cluster-wide). */
    Map<String, Object> customerFields(Customer c) {
        CustomerUsage u = ledger.current(c.username());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("live_sockets", live.get().live(c.username()));
        m.put("bytes_in", u.bytesIn());
        m.put("bytes_out", u.bytesOut());
        m.put("bytes_used", u.bytesUsed());
        m.put("quota_bytes", quota(c));
        m.put("period", u.period());
        m.put("locked_until", text(lockouts.get().lockedUntil(c.username())));
        m.put("strike_since", text(strikeSince(c.username())));
        return m;
    }

    private Map<String, Object> view(Customer c) {
        Instant lockedUntil = lockouts.get().lockedUntil(c.username());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", c.username());
        m.putAll(customerFields(c));
        m.put("status", status(c, lockedUntil));
        m.put("expires_at", text(c.expiresAt()));
        m.put("locked_until", text(lockedUntil));
        m.put("rate_bps", ledger.rateBps(c.username()));
        return m;
    }

    /** When the customer went above {@code threads} cluster-wide (strike clock running), or null. */
    private Instant strikeSince(String username) {
        Enforcement e = enforcement.get();
        return e == null ? null : e.strikeSince(username);
    }

    private long quota(Customer c) {
        return directory.plan(c.plan()).map(Plan::monthlyQuotaBytes).orElse(0L);
    }

    private String status(Customer c, Instant lockedUntil) {
        Instant now = clock.instant();
        if (c.status() != CustomerStatus.ACTIVE) {
            return c.status().json();
        }
        if (c.expiredAt(now)) {
            return "expired";
        }
        return lockedUntil != null && lockedUntil.isAfter(now) ? "locked" : "active";
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    private static <T> T orElse(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
