package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.util.internal.logging.InternalLogger;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StartupNettyLoggingTest {

    @Test
    void should_stay_silent_below_warn_until_logging_is_ready_then_follow_slf4j() {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        InternalLogger log = new StartupNettyLogging(ready).newInstance("io.netty.test");
        assertThat(log.isDebugEnabled()).isFalse();
        assertThat(log.isInfoEnabled()).as("dropped before logging is set up").isFalse();
        assertThat(log.isWarnEnabled()).as("kept: a warning waits for logging").isTrue();
        log.debug("dropped {}", 1); // neither blocks nor throws
        ready.complete(null);
        // logback-test.xml: io.netty at INFO
        assertThat(log.isInfoEnabled()).isTrue();
        assertThat(log.isDebugEnabled()).isFalse();
        assertThat(log.name()).isEqualTo("io.netty.test");
    }

    @Test
    void should_hold_a_warning_until_logging_is_ready() {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        InternalLogger log = new StartupNettyLogging(ready).newInstance("io.netty.test");
        AtomicBoolean logged = new AtomicBoolean();
        Thread t = new Thread(() -> {
            log.warn("a warning before logback is set up");
            logged.set(true);
        });
        t.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> t.getState() == Thread.State.TIMED_WAITING);
        assertThat(logged).isFalse();
        ready.complete(null);
        await().atMost(Duration.ofSeconds(5)).untilTrue(logged);
    }
}
