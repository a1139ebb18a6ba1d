package io.proxysaas.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.proxysaas.config.Settings;
import io.proxysaas.customer.CustomerDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** AccessModule in a real CamelContext: the limit beans, the threads mode and late-bound checks. */
class AccessModuleTest {

    @Test
    void should_bind_the_limits_and_find_a_lockout_check_bound_after_install() throws Exception {
        TestDirectory directory = new TestDirectory().plan(TestDirectory.limits("p", 1, 0, 0, 0, 0, 0))
                .customer("alice", "pw-alice", "p");
        try (DefaultCamelContext context = context(directory, "strict")) {
            new AccessModule().install(context, new Settings(context));
            context.start();
            AccessService access = context.getRegistry().findSingleByType(AccessService.class);
            RefusalCounters refusals = context.getRegistry().lookupByNameAndType("refusalCounters", RefusalCounters.class);

            assertThat(admit(access, 4000)).isInstanceOf(Admission.Grant.class);
            assertThat(reason(admit(access, 4001))).as("strict mode counts every port")
                    .isEqualTo(RefusalReason.CLUSTER_THREADS);
            LockoutCheck lockout = user -> Instant.now().plusSeconds(60);
            context.getRegistry().bind("lockouts", LockoutCheck.class, lockout);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> admit(access, 4000) instanceof Admission.Refusal r
                            && r.reason() == RefusalReason.LOCKED_OUT);
            assertThat(refusals.count(RefusalReason.CLUSTER_THREADS)).isEqualTo(1);
            assertThat(context.getRegistry().lookupByName("planLimits")).isInstanceOf(PlanLimits.class);
            assertThat(context.getRegistry().lookupByName("liveSockets")).isInstanceOf(LiveSockets.class);
        }
    }

    @Test
    void should_check_uncached_passwords_on_the_slow_hash_pool_and_stop_it_with_the_context() throws Exception {
        TestDirectory directory = new TestDirectory().plan(TestDirectory.limits("p", 0, 0, 0, 0, 0, 0))
                .customer("alice", "pw-alice", "p");
        List<String> threads = new CopyOnWriteArrayList<>();
        DefaultCamelContext context = context(directory, "port");
        SlowHashCheck recording = (password, stored) -> {
            threads.add(Thread.currentThread().getName());
            return password.equals(stored);
        };
        context.getRegistry().bind("slowHashCheck", SlowHashCheck.class, recording);
        try (context) {
            new AccessModule().install(context, new Settings(context));
            context.start();
            AccessService access = context.getRegistry().findSingleByType(AccessService.class);

            Admission first = access.admitAsync(4000, new Credentials("alice", "pw-alice"), LimitedAccess.ip("10.0.0.1"),
                    Runnable::run).toCompletableFuture().get(5, TimeUnit.SECONDS);

            assertThat(first).isInstanceOf(Admission.Grant.class);
            assertThat(threads).singleElement().asString().contains("access-slow-hash");
            context.stop();
            Admission afterStop = access.admitAsync(4000, new Credentials("alice", "wrong"),
                    LimitedAccess.ip("10.0.0.1"), Runnable::run).toCompletableFuture().getNow(null);
            assertThat(reason(afterStop)).as("the pool is shut down with the context").isEqualTo(RefusalReason.BUSY);
            assertThat(threads).hasSize(1);
        }
    }

    @Test
    void should_refuse_a_slow_hash_queue_below_one_naming_the_property() throws Exception {
        try (DefaultCamelContext context = context(new TestDirectory(), "port")) {
            Properties p = new Properties();
            p.setProperty("limits.threads.mode", "port");
            p.setProperty("access.slow-hash-queue", "0");
            context.getPropertiesComponent().setInitialProperties(p);
            assertThatThrownBy(() -> new AccessModule().install(context, new Settings(context)))
                    .hasMessageContaining("access.slow-hash-queue=0");
        }
    }

    @Test
    void should_refuse_an_unknown_threads_mode_naming_the_property() throws Exception {
        try (DefaultCamelContext context = context(new TestDirectory(), "cluster")) {
            assertThatThrownBy(() -> new AccessModule().install(context, new Settings(context)))
                    .hasMessageContaining("limits.threads.mode=cluster");
        }
    }

    private static DefaultCamelContext context(CustomerDirectory directory, String mode) {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("directory", CustomerDirectory.class, directory);
        context.getRegistry().bind("slowHashCheck", SlowHashCheck.class, TestDirectory.PLAIN);
        Properties p = new Properties();
        p.setProperty("limits.threads.mode", mode);
        p.setProperty("limits.bucket-cleanup-interval", "1");
        context.getPropertiesComponent().setInitialProperties(p);
        return context;
    }

    private static Admission admit(AccessService access, int port) {
        return access.admit(port, new Credentials("alice", "pw-alice"), LimitedAccess.ip("10.0.0.1"));
    }

    private static RefusalReason reason(Admission a) {
        assertThat(a).isInstanceOf(Admission.Refusal.class);
        return ((Admission.Refusal) a).reason();
    }
}
