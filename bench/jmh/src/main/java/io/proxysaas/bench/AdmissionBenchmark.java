package io.proxysaas.bench;

import io.proxysaas.access.AccessService;
import io.proxysaas.access.Admission;
import io.proxysaas.access.AdmissionRules;
import io.proxysaas.access.ClusterLiveSockets;
import io.proxysaas.access.Credentials;
import io.proxysaas.access.DefaultAccessService;
import io.proxysaas.access.IpBlocklist;
import io.proxysaas.access.LiveSockets;
import io.proxysaas.access.LockoutCheck;
import io.proxysaas.access.PasswordVerifier;
import io.proxysaas.access.PlanLimits;
import io.proxysaas.access.QuotaCheck;
import io.proxysaas.access.RefusalCounters;
import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.customer.CustomerStatus;
import io.proxysaas.customer.Plan;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One admission decision (and its release) for a customer with every limit set high enough to
 * grant: password (cached), account checks, lockout, quota, ip_threads, per-port threads, QPS,
 * per-IP QPS, strict cluster count.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AdmissionBenchmark {

    private static final Plan PLAN = new Plan("everything", 1_000_000, 1_000_000_000, 10_000_000, 1_000_000,
            1_000_000, 1_000_000_000, 1L << 40, 30, 100);

    private AccessService access;
    private Credentials credentials;
    private InetAddress clientIp;

    @Setup
    public void setUp() throws Exception {
        Clock clock = Clock.systemUTC();
        Customer alice = new Customer("alice", "secret", "k", PLAN.name(), Instant.now().plusSeconds(86_400),
                CustomerStatus.ACTIVE, null, null, List.of(), null, Instant.now());
        LiveSockets sockets = new LiveSockets();
        QuotaCheck quota = user -> false;
        ClusterLiveSockets cluster = user -> 3;
        LockoutCheck lockout = user -> null;
        PlanLimits limits = new PlanLimits(clock, sockets, () -> quota, () -> cluster, PlanLimits.ThreadsMode.STRICT,
                1_000_000);
        AdmissionRules rules = new AdmissionRules(clock, () -> lockout, limits.checks());
        access = new DefaultAccessService(new OneCustomer(alice), new PasswordVerifier(String::equals, 1000),
                IpBlocklist.NONE, rules, sockets, limits.requestCheck(), new RefusalCounters(), clock);
        credentials = new Credentials("alice", "secret");
        clientIp = InetAddress.getByName("10.1.2.3");
    }

    @Benchmark
    public Admission admitAndRelease() {
        Admission a = access.admit(4000, credentials, clientIp);
        if (a instanceof Admission.Grant g) {
            access.release(g);
        } else {
            throw new IllegalStateException("limits refused the benchmark customer: " + a);
        }
        return a;
    }

    /** Local memory only, as the admission reads the hot directory. */
    private record OneCustomer(Customer customer) implements CustomerDirectory {
        @Override
        public Optional<Customer> byUsername(String username) {
            return customer.username().equals(username) ? Optional.of(customer) : Optional.empty();
        }

        @Override
        public Optional<Customer> byClientIp(InetAddress address) {
            return Optional.empty();
        }

        @Override
        public Optional<Customer> byApiKeyHash(String apiKeyHash) {
            return Optional.empty();
        }

        @Override
        public Optional<Plan> plan(String name) {
            return PLAN.name().equals(name) ? Optional.of(PLAN) : Optional.empty();
        }

        @Override
        public Collection<Customer> customers() {
            return List.of(customer);
        }

        @Override
        public Collection<Plan> plans() {
            return List.of(PLAN);
        }
    }
}
