package io.proxysaas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackgroundStartTest {

    private final List<String> released = new CopyOnWriteArrayList<>();

    @Test
    void should_run_the_work_on_its_own_thread_and_hand_the_result_over() throws Exception {
        BackgroundStart<String> start = BackgroundStart.begin("db", () -> Thread.currentThread().getName(), released::add);

        assertThat(start.take()).isEqualTo("proxysaas-start-db");
        assertThat(start.tookMillis()).isGreaterThanOrEqualTo(0);
        start.close();
        assertThat(released).as("taken over: the owner releases it, not the start").isEmpty();
    }

    @Test
    void should_rethrow_the_works_own_exception_unchanged() {
        IOException failure = new IOException("cannot connect to jdbc:mariadb://db:3306/x");
        BackgroundStart<String> start = BackgroundStart.begin("db", () -> {
            throw failure;
        }, released::add);

        assertThatThrownBy(start::take).isSameAs(failure);
        assertThatThrownBy(start::await).isSameAs(failure);
    }

    @Test
    void should_release_the_result_of_an_abandoned_start_once_it_finishes() throws Exception {
        CountDownLatch proceed = new CountDownLatch(1);
        BackgroundStart<String> start = BackgroundStart.begin("member", () -> {
            proceed.await(10, TimeUnit.SECONDS);
            return "member-1";
        }, released::add);

        start.close(); // the start-up failed elsewhere while this one was still running
        assertThat(released).isEmpty();
        proceed.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> released.contains("member-1"));
        assertThat(released).containsExactly("member-1");
        assertThatThrownBy(start::take).hasMessageContaining("start-up of member was abandoned");
    }

    @Test
    void should_lend_the_result_without_handing_it_over() throws Exception {
        BackgroundStart<String> start = BackgroundStart.inline("db", () -> "pool", released::add);

        assertThat(start.await()).isEqualTo("pool");
        start.close();

        assertThat(released).as("only lent: the abandoned start still releases it").containsExactly("pool");
    }
}
