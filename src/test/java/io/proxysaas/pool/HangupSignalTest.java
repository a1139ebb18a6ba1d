package io.proxysaas.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The SIGHUP handler in real processes: one started normally takes the signal; one started under
 * {@code nohup} (SIGHUP ignored from the start, which the JVM keeps) says that reload by signal is off
 * instead of claiming it works.
 */
class HangupSignalTest {

    @Test
    void should_take_a_real_sighup_in_a_process_started_normally() throws Exception {
        String out = probe(List.of());
        assertThat(out).contains("active=true", "kill=0", "taken=true")
                .contains("SIGHUP reloads the pool file (kill -HUP ");
    }

    @Test
    void should_say_that_sighup_cannot_reload_when_the_process_was_started_under_nohup() throws Exception {
        String out = probe(List.of("nohup"));
        assertThat(out).contains("active=false")
                .contains("SIGHUP is ignored by this process", "under nohup", "/api/admin/upstreams/reload")
                .doesNotContain("SIGHUP reloads the pool file");
    }

    /**
     * Runs {@link HangupSignalProbe} in a JVM of its own behind {@code prefix}; its whole output. The output
     * goes to a file, so a probe that hangs fails the test at the timeout instead of blocking a read.
     */
    private static String probe(List<String> prefix) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HangupSignalProbe.class.getName()));
        Path log = Files.createTempFile("hangup-probe", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        try {
            p.getOutputStream().close();
            boolean finished = p.waitFor(30, TimeUnit.SECONDS);
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(finished).as("probe finished; output:%n%s", out).isTrue();
            assertThat(p.exitValue()).as("probe exit; output:%n%s", out).isZero();
            return out;
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
