package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxysaas.access.AccessService;
import io.proxysaas.access.Admission;
import io.proxysaas.access.AdmissionRules;
import io.proxysaas.access.Credentials;
import io.proxysaas.access.DefaultAccessService;
import io.proxysaas.access.IpBlocklist;
import io.proxysaas.access.LiveSockets;
import io.proxysaas.access.PasswordVerifier;
import io.proxysaas.access.RefusalCounters;
import io.proxysaas.access.SlowHashCheck;
import io.proxysaas.access.TestDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay on ONE event loop with the real admission and a slow password check: a client whose
 * password is being hashed neither stalls other clients nor leaks its socket count when it leaves.
 */
class AsyncAdmissionEndToEndTest {

    static final int HTTP = ProxiedOrigin.HTTP;
    static final int SOCKS = ProxiedOrigin.SOCKS;

    @TempDir
    static Path dir;
    static ProxiedOrigin origin;
    static SlowCheck slowCheck;
    static ExecutorService slowHashes;
    static LiveSockets sockets;
    static CountingAccess access;
    static RelayHarness relay;

    @BeforeAll
    static void start() throws Exception {
        origin = ProxiedOrigin.start(dir);
        TestDirectory directory = new TestDirectory().plan(TestDirectory.limits("open", 0, 0, 0, 0, 0, 0));
        for (String user : List.of("slow", "fast", "gated", "gatedsocks", "gatedlate", "eagerhttp", "eagersocks")) {
            directory.customer(user, "pw-" + user, "open");
        }
        slowCheck = new SlowCheck();
        slowHashes = Executors.newFixedThreadPool(2);
        sockets = new LiveSockets();
        access = new CountingAccess(new DefaultAccessService(directory, new PasswordVerifier(slowCheck, 100),
                IpBlocklist.NONE, new AdmissionRules(Clock.systemUTC()), sockets, (grant, now) -> null,
                new RefusalCounters(), Clock.systemUTC(), slowHashes));
        relay = origin.serve(new RelayHarness(Duration.ofSeconds(10), Duration.ofSeconds(5), access, 1));
    }

    @AfterAll
    static void stop() {
        slowCheck.gate.countDown();
        if (origin != null) {
            origin.close();
        }
        slowHashes.shutdownNow();
    }

    @AfterEach
    void every_socket_was_released() {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(relay.registry.total()).isZero();
            assertThat(sockets.totals()).isEmpty();
        });
    }

    @Test
    void should_serve_a_cached_client_while_another_clients_password_is_hashed() throws Exception {
        try (RawClient warm = connect("fast")) {
            assertThat(warm.head()).startsWith("HTTP/1.1 200");
        }
        int checksBefore = slowCheck.calls.get();
        slowCheck.started.drainPermits();
        ConcurrentLinkedQueue<String> finished = new ConcurrentLinkedQueue<>();
        CompletableFuture<String> slowHead = CompletableFuture.supplyAsync(() -> {
            try (RawClient slow = connect("slow")) {
                String head = slow.head();
                finished.add("slow");
                return head;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(slowCheck.started.tryAcquire(10, TimeUnit.SECONDS))
                .as("the slow client's password check began").isTrue();

        try (RawClient fast = connect("fast")) {
            assertThat(fast.head()).startsWith("HTTP/1.1 200");
            fast.send("GET /small HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(new String(fast.readToEnd(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200")
                    .endsWith("hello");
            finished.add("fast");
        }

        assertThat(slowHead.get(10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200");
        assertThat(finished).as("the cached client's whole exchange ended before the slow login")
                .containsExactly("fast", "slow");
        assertThat(slowCheck.calls.get()).as("one slow check for 'slow', none for the cached 'fast'")
                .isEqualTo(checksBefore + 1);
    }

    @Test
    void should_carry_a_request_sent_with_the_handshake_while_the_password_is_hashed() throws Exception {
        // head (or SOCKS5 greeting, login and request) and the tunnel's first request in one write: the bytes
        // arrive during the 300 ms check, are held with input paused, and go through once the tunnel is up
        String get = "GET /small HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        int checksBefore = slowCheck.calls.get();
        String auth = java.util.Base64.getEncoder().encodeToString("eagerhttp:pw-eagerhttp".getBytes(StandardCharsets.UTF_8));
        try (RawClient http = new RawClient(relay.port(HTTP))) {
            http.send("CONNECT 127.0.0.1:" + origin.target.port() + " HTTP/1.1\r\nProxy-Authorization: Basic " + auth
                    + "\r\n\r\n" + get);
            assertThat(http.head()).startsWith("HTTP/1.1 200");
            assertThat(new String(http.readToEnd(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200").endsWith("hello");
        }
        java.io.ByteArrayOutputStream socks = new java.io.ByteArrayOutputStream();
        byte[] user = "eagersocks".getBytes(StandardCharsets.UTF_8);
        byte[] password = "pw-eagersocks".getBytes(StandardCharsets.UTF_8);
        int port = origin.target.port();
        socks.writeBytes(new byte[] {5, 1, 2, 1, (byte) user.length});
        socks.writeBytes(user);
        socks.write(password.length);
        socks.writeBytes(password);
        socks.writeBytes(new byte[] {5, 1, 0, 1, 127, 0, 0, 1, (byte) (port >> 8), (byte) port});
        socks.writeBytes(get.getBytes(StandardCharsets.US_ASCII));
        try (RawClient client = new RawClient(relay.port(SOCKS))) {
            client.send(socks.toByteArray());
            assertThat(client.read(2 + 2 + 10)).startsWith(5, 2, 1, 0, 5, 0);
            assertThat(new String(client.readToEnd(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200").endsWith("hello");
        }
        assertThat(slowCheck.calls.get()).as("both logins went through the slow check").isEqualTo(checksBefore + 2);
    }

    @Test
    void should_release_the_grant_of_an_http_client_that_left_while_its_password_was_hashed() throws Exception {
        assertGrantReleasedAfterLeaving(() -> connect("gated"));
    }

    @Test
    void should_release_the_grant_of_a_socks_client_that_left_while_its_password_was_hashed() throws Exception {
        assertGrantReleasedAfterLeaving(() -> socksLoginOnly(relay.port(SOCKS), "gatedsocks"));
    }

    /** The client opened by {@code login} leaves while its check waits at the gate; the later grant goes back. */
    private static void assertGrantReleasedAfterLeaving(Callable<RawClient> login) throws Exception {
        int releasesBefore = access.releases.get();
        int grantsBefore = access.grants.get();
        slowCheck.started.drainPermits();
        CountDownLatch gate = slowCheck.gate;
        try (RawClient leaving = login.call()) {
            assertThat(slowCheck.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        }
        gate.countDown();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(access.grants.get()).as("the admission granted after the client left").isEqualTo(grantsBefore + 1);
            assertThat(access.releases.get()).isEqualTo(releasesBefore + 1);
            assertThat(sockets.totals()).isEmpty();
        });
        slowCheck.regate();
    }

    /** The socket is closed (handshake deadline) before its admission completes: the late grant goes back at once. */
    @Test
    void should_release_at_once_a_grant_that_arrives_after_the_socket_closed() throws Exception {
        int releasesBefore = access.releases.get();
        int grantsBefore = access.grants.get();
        slowCheck.started.drainPermits();
        CountDownLatch gate = slowCheck.gate;
        try (RelayHarness quick = new RelayHarness(Duration.ofMillis(300), Duration.ofSeconds(5), access, 1)) {
            quick.bind(SOCKS, origin.socks());
            try (RawClient waiting = socksLoginOnly(quick.port(SOCKS), "gatedlate")) {
                assertThat(slowCheck.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
                await().atMost(Duration.ofSeconds(5)).until(() -> quick.summaries.stream()
                        .anyMatch(s -> "handshake_timeout".equals(s.closeReason())));
                assertThat(access.releases.get()).as("nothing granted yet").isEqualTo(releasesBefore);
                gate.countDown();

                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    assertThat(access.grants.get()).isEqualTo(grantsBefore + 1);
                    assertThat(access.releases.get()).isEqualTo(releasesBefore + 1);
                    assertThat(sockets.totals()).isEmpty();
                });
                assertThat(waiting.readToEnd()).as("no auth answer after the close").isEmpty();
            }
        } finally {
            slowCheck.regate();
        }
    }

    /** Greeting and RFC 1929 login sent, the login's answer not read. */
    private static RawClient socksLoginOnly(int port, String user) throws IOException {
        return new RawClient(port).sendSocksLogin(user, "pw-" + user);
    }

    static RawClient connect(String user) throws IOException {
        return origin.connect(relay.port(HTTP), user, null);
    }

    /** Stands in for PBKDF2: 300 ms per check, or until the test opens the gate for "gated" users. */
    static final class SlowCheck implements SlowHashCheck {
        final Semaphore started = new Semaphore(0);
        final AtomicInteger calls = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(1);

        @Override
        public boolean matches(String password, String storedHash) {
            calls.incrementAndGet();
            started.release();
            try {
                if (password.startsWith("pw-gated")) {
                    gate.await(10, TimeUnit.SECONDS);
                } else {
                    Thread.sleep(300);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return password.equals(storedHash);
        }

        void regate() {
            gate = new CountDownLatch(1);
        }
    }

    /** The real admission, counting grants and releases. */
    static final class CountingAccess implements AccessService {
        final AccessService real;
        final AtomicInteger grants = new AtomicInteger();
        final AtomicInteger releases = new AtomicInteger();

        CountingAccess(AccessService real) {
            this.real = real;
        }

        @Override
        public Admission admit(int port, Credentials credentials, InetAddress clientIp) {
            return counted(real.admit(port, credentials, clientIp));
        }

        @Override
        public CompletionStage<Admission> admitAsync(int port, Credentials credentials, InetAddress clientIp,
                                                     Executor continueOn) {
            return real.admitAsync(port, credentials, clientIp, continueOn).thenApply(this::counted);
        }

        private Admission counted(Admission a) {
            if (a instanceof Admission.Grant) {
                grants.incrementAndGet();
            }
            return a;
        }

        @Override
        public void release(Admission.Grant grant) {
            releases.incrementAndGet();
            real.release(grant);
        }

        @Override
        public Admission admitRequest(Admission.Grant grant) {
            return real.admitRequest(grant);
        }
    }
}
