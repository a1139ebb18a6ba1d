package io.proxysaas.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link DefaultAccessService#admitAsync}: slow password checks never run on the caller's thread. */
class AsyncAdmissionTest {

    private final TestDirectory directory = new TestDirectory()
            .plan(TestDirectory.limits("basic", 0, 0, 0, 0, 0, 0))
            .customer("alice", "secret", "basic");
    private final List<String> slowCheckThreads = new CopyOnWriteArrayList<>();
    private final CountDownLatch gate = new CountDownLatch(1);
    private volatile boolean gated;
    private final SlowHashCheck recording = (password, stored) -> {
        slowCheckThreads.add(Thread.currentThread().getName());
        if (gated) {
            awaitGate();
        }
        return password.equals(stored);
    };
    private final ThreadPoolExecutor slowPool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(1), r -> new Thread(r, "test-slow-hash"));
    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-loop"));
    private final LiveSockets sockets = new LiveSockets();
    private final RefusalCounters refusals = new RefusalCounters();
    private final DefaultAccessService service = new DefaultAccessService(directory, new PasswordVerifier(recording, 100),
            IpBlocklist.NONE, new AdmissionRules(Clock.systemUTC()), sockets, (grant, now) -> null, refusals,
            Clock.systemUTC(), slowPool);

    @AfterEach
    void stop() {
        gate.countDown();
        slowPool.shutdownNow();
        loop.shutdownNow();
    }

    @Test
    void should_run_an_uncached_password_check_off_the_calling_thread_and_complete_on_continue_on() throws Exception {
        String caller = Thread.currentThread().getName();

        CompletableFuture<String> completedOn = new CompletableFuture<>();
        CompletionStage<Admission> stage = service.admitAsync(4000, new Credentials("alice", "secret"), ip("1.1.1.1"), loop);
        stage.whenComplete((a, e) -> completedOn.complete(Thread.currentThread().getName()));

        Admission admission = stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(admission).isInstanceOf(Admission.Grant.class);
        assertThat(slowCheckThreads).containsExactly("test-slow-hash").doesNotContain(caller);
        assertThat(completedOn.get(5, TimeUnit.SECONDS)).isIn("test-loop", caller);
        assertThat(sockets.total("alice")).as("counted exactly once").isEqualTo(1);
    }

    @Test
    void should_decide_a_cached_password_inline_without_the_slow_check() throws Exception {
        service.admitAsync(4000, new Credentials("alice", "secret"), ip("1.1.1.1"), loop)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        slowCheckThreads.clear();

        CompletionStage<Admission> second = service.admitAsync(4000, new Credentials("alice", "secret"), ip("1.1.1.2"),
                loop);

        assertThat(second.toCompletableFuture().isDone()).as("completed before admitAsync returned").isTrue();
        assertThat(second.toCompletableFuture().getNow(null)).isInstanceOf(Admission.Grant.class);
        assertThat(slowCheckThreads).isEmpty();
        assertThat(sockets.total("alice")).isEqualTo(2);
    }

    @Test
    void should_refuse_wrong_passwords_off_thread_and_count_them_once() throws Exception {
        Admission admission = service.admitAsync(4000, new Credentials("alice", "wrong"), ip("1.1.1.1"), loop)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(admission).isEqualTo(new Admission.Refusal(RefusalReason.BAD_CREDENTIALS, null));
        assertThat(slowCheckThreads).containsExactly("test-slow-hash");
        assertThat(refusals.count(RefusalReason.BAD_CREDENTIALS)).isEqualTo(1);
    }

    @Test
    void should_answer_unknown_users_and_missing_credentials_inline() throws Exception {
        CompletionStage<Admission> unknown = service.admitAsync(4000, new Credentials("nobody", "x"), ip("1.1.1.1"), loop);
        CompletionStage<Admission> none = service.admitAsync(4000, Credentials.NONE, ip("1.1.1.1"), loop);

        assertThat(unknown.toCompletableFuture().getNow(null))
                .isEqualTo(new Admission.Refusal(RefusalReason.BAD_CREDENTIALS, null));
        assertThat(none.toCompletableFuture().getNow(null))
                .isEqualTo(new Admission.Refusal(RefusalReason.AUTH_REQUIRED, null));
        assertThat(slowCheckThreads).isEmpty();
    }

    @Test
    void should_refuse_busy_when_the_slow_hash_queue_is_full() throws Exception {
        gated = true;
        CompletionStage<Admission> running = service.admitAsync(4000, new Credentials("alice", "a"), ip("1.1.1.1"), loop);
        await().atMost(Duration.ofSeconds(5)).until(() -> slowCheckThreads.size() == 1);
        CompletionStage<Admission> queued = service.admitAsync(4000, new Credentials("alice", "b"), ip("1.1.1.1"), loop);

        CompletionStage<Admission> refused = service.admitAsync(4000, new Credentials("alice", "c"), ip("1.1.1.1"), loop);

        Admission busy = refused.toCompletableFuture().getNow(null);
        assertThat(busy).isInstanceOf(Admission.Refusal.class);
        assertThat(((Admission.Refusal) busy).reason()).isEqualTo(RefusalReason.BUSY);
        assertThat(((Admission.Refusal) busy).message()).startsWith("server busy");
        assertThat(refusals.count(RefusalReason.BUSY)).isEqualTo(1);
        gate.countDown();
        assertThat(running.toCompletableFuture().get(5, TimeUnit.SECONDS)).isInstanceOf(Admission.Refusal.class);
        assertThat(queued.toCompletableFuture().get(5, TimeUnit.SECONDS)).isInstanceOf(Admission.Refusal.class);
    }

    @Test
    void should_release_a_grant_that_can_no_longer_be_handed_over() throws Exception {
        loop.shutdown();

        CompletionStage<Admission> stage = service.admitAsync(4000, new Credentials("alice", "secret"), ip("1.1.1.1"),
                loop);

        await().atMost(Duration.ofSeconds(5)).until(() -> stage.toCompletableFuture().isDone());
        assertThat(stage.toCompletableFuture().isCompletedExceptionally()).isTrue();
        assertThat(slowCheckThreads).hasSize(1);
        assertThat(sockets.total("alice")).isZero();
    }

    private void awaitGate() {
        try {
            gate.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static InetAddress ip(String address) throws Exception {
        return InetAddress.getByName(address);
    }
}
