package io.proxysaas.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LineBatcherTest {

    @Test
    void should_pass_lines_on_in_order_joined_by_newlines() {
        LineBatcher<String> b = LineBatcher.ofLines(10);
        b.add("one");
        b.add("two");
        b.add("three");
        List<String> batches = new ArrayList<>();
        assertThat(b.drainTo(batch -> batches.add(batch.toString()))).isEqualTo(3);
        assertThat(batches).containsExactly("one\ntwo\nthree");
        assertThat(b.pending()).isZero();
        assertThat(b.drainTo(batch -> batches.add(batch.toString()))).isZero();
        assertThat(batches).hasSize(1);
    }

    @Test
    void should_drop_and_count_lines_beyond_the_bound_without_losing_the_queued_ones() {
        LineBatcher<String> b = LineBatcher.ofLines(2);
        assertThat(b.add("a")).isTrue();
        assertThat(b.add("b")).isTrue();
        assertThat(b.add("c")).isFalse();
        assertThat(b.dropped()).isEqualTo(1);
        List<String> batches = new ArrayList<>();
        b.drainTo(batch -> batches.add(batch.toString()));
        assertThat(batches).containsExactly("a\nb");
        assertThat(b.add("d")).isTrue();
    }

    @Test
    void should_cut_huge_backlogs_into_batches_of_whole_lines() {
        LineBatcher<String> b = LineBatcher.ofLines(100_000);
        String line = "x".repeat(199);
        for (int i = 0; i < 5_000; i++) {
            b.add(line);
        }
        List<String> batches = new ArrayList<>();
        assertThat(b.drainTo(batch -> batches.add(batch.toString()))).isEqualTo(5_000);
        assertThat(batches.size()).isGreaterThan(1);
        long lines = 0;
        for (String batch : batches) {
            assertThat(batch.length()).isLessThan(LineBatcher.MAX_BATCH_CHARS + 200);
            String[] parts = batch.split("\n");
            assertThat(parts).allMatch(line::equals);
            lines += parts.length;
        }
        assertThat(lines).isEqualTo(5_000);
    }

    @Test
    void should_lose_no_line_when_many_threads_add_while_one_drains() throws Exception {
        LineBatcher<String> b = LineBatcher.ofLines(1_000_000);
        int threads = 4;
        int each = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int id = t;
            pool.execute(() -> {
                for (int i = 0; i < each; i++) {
                    b.add(id + ":" + i);
                }
                done.countDown();
            });
        }
        List<String> seen = new ArrayList<>();
        while (!done.await(1, TimeUnit.MILLISECONDS)) {
            b.drainTo(batch -> seen.addAll(Arrays.asList(batch.toString().split("\n"))));
        }
        b.drainTo(batch -> seen.addAll(Arrays.asList(batch.toString().split("\n"))));
        pool.shutdown();
        assertThat(seen).hasSize(threads * each).doesNotHaveDuplicates();
        int[] next = new int[threads];
        for (String s : seen) { // per producer, lines keep their order
            int colon = s.indexOf(':');
            int id = Integer.parseInt(s.substring(0, colon));
            assertThat(Integer.parseInt(s.substring(colon + 1))).isEqualTo(next[id]++);
        }
    }

    @Test
    void should_keep_empty_lines_and_start_each_drain_with_an_empty_batch() {
        LineBatcher<String> b = LineBatcher.ofLines(10);
        b.add("");
        b.add("");
        b.add("x");
        List<String> batches = new ArrayList<>();
        b.drainTo(batch -> batches.add(batch.toString()));
        b.add("y");
        b.drainTo(batch -> batches.add(batch.toString()));
        assertThat(batches).containsExactly("\n\nx", "y");
    }

    @Test
    void should_refuse_a_bound_below_one() {
        assertThatThrownBy(() -> LineBatcher.ofLines(0)).hasMessageContaining("maxPending");
    }
}
