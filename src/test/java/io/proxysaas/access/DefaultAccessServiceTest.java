package io.proxysaas.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.customer.CustomerStatus;
import io.proxysaas.customer.Plan;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DefaultAccessServiceTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Plan PLAN = new Plan("basic", 10, 0, 0, 0, 0, 0, 0, 30, 0);

    private final TestPbkdf2 pbkdf2 = new TestPbkdf2();
    private final Customer alice = new Customer("alice", TestPbkdf2.hash("secret"), "k", "basic",
            NOW.plusSeconds(3600), CustomerStatus.ACTIVE, null, null, List.of("10.9.0.0/16"), null, NOW);
    private final List<InetAddress> failures = new ArrayList<>();
    private final IpBlocklist blocklist = new IpBlocklist() {
        @Override
        public RefusalReason check(InetAddress clientIp) {
            return clientIp.getHostAddress().equals("6.6.6.6") ? RefusalReason.IP_BANNED : null;
        }

        @Override
        public void authFailed(InetAddress clientIp) {
            failures.add(clientIp);
        }
    };
    private final LiveSockets sockets = new LiveSockets();
    private final DefaultAccessService service = new DefaultAccessService(new OneCustomer(alice),
            new PasswordVerifier(pbkdf2, 10), blocklist, new AdmissionRules(Clock.fixed(NOW, ZoneOffset.UTC)), sockets);

    @Test
    void should_count_a_granted_socket_per_port_and_ip_until_released() throws Exception {
        Admission.Grant first = (Admission.Grant) service.admit(4000, new Credentials("alice", "secret"), ip("1.1.1.1"));
        Admission.Grant second = (Admission.Grant) service.admit(4001, new Credentials("alice", "secret"), ip("1.1.1.1"));

        assertThat(sockets.total("alice")).isEqualTo(2);
        assertThat(sockets.onPort("alice", 4000)).isEqualTo(1);
        assertThat(sockets.fromIp("alice", "1.1.1.1")).isEqualTo(2);
        service.release(first);
        service.release(second);
        service.release(second);
        assertThat(sockets.total("alice")).isZero();
        assertThat(sockets.onPort("alice", 4001)).isZero();
        assertThat(pbkdf2.checks.get()).as("second socket used the cached password").isEqualTo(1);
    }

    @Test
    void should_admit_by_whitelist_and_count_nothing_for_refusals() throws Exception {
        assertThat(service.admit(4000, Credentials.NONE, ip("10.9.8.7"))).isInstanceOf(Admission.Grant.class);
        assertThat(service.admit(4000, Credentials.NONE, ip("10.8.0.1"))).isInstanceOf(Admission.Refusal.class);
        assertThat(service.admit(4000, new Credentials("alice", "secret"), ip("6.6.6.6")))
                .isEqualTo(new Admission.Refusal(RefusalReason.IP_BANNED, null));

        assertThat(sockets.total("alice")).isEqualTo(1);
    }

    @Test
    void should_tell_the_blocklist_about_failed_logins_only() throws Exception {
        service.admit(4000, new Credentials("alice", "wrong"), ip("2.2.2.2"));
        service.admit(4000, new Credentials("nobody", "x"), ip("2.2.2.3"));
        service.admit(4000, Credentials.NONE, ip("2.2.2.4"));
        service.admit(4000, new Credentials("alice", "secret"), ip("2.2.2.5"));

        assertThat(failures).extracting(InetAddress::getHostAddress).containsExactly("2.2.2.2", "2.2.2.3");
    }

    @Test
    void should_keep_counts_exact_under_concurrent_admits_and_releases() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int port = 4000 + t % 2;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        Admission.Grant g = (Admission.Grant) service.admit(port, Credentials.NONE, ip("10.9.0.1"));
                        if (i % 2 == 0) {
                            service.release(g);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(sockets.total("alice")).isEqualTo(8000);
        assertThat(sockets.onPort("alice", 4000)).isEqualTo(4000);
        assertThat(sockets.fromIp("alice", "10.9.0.1")).isEqualTo(8000);
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A directory holding one customer and the plan "basic". */
    private record OneCustomer(Customer customer) implements CustomerDirectory {
        @Override
        public Optional<Customer> byUsername(String username) {
            return customer.username().equals(username) ? Optional.of(customer) : Optional.empty();
        }

        @Override
        public Optional<Customer> byClientIp(InetAddress address) {
            return CidrBlock.parse("10.9.0.0/16").contains(address) ? Optional.of(customer) : Optional.empty();
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
