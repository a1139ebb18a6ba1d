package io.proxysaas.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/** The access log through the product's own {@code logback.xml} into a real file. */
class AccessLogFileTest {

    @TempDir
    Path logDir;

    @Test
    void should_write_each_line_once_with_its_newline_through_the_production_logback_config() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putProperty("LOG_DIR", logDir.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(AccessLog.class.getResource("/logback.xml"));
        Logger access = context.getLogger(AccessLog.LOGGER);
        ConnectionSummary ascii = new ConnectionSummary(Instant.parse("2026-11-27T17:00:00.5Z"), "n1", 4000,
                "http-connect", "alice", "10.0.0.7", "example.com:443", "http://up@192.0.2.1:3128", 10, 20, 30,
                "client_closed");
        ConnectionSummary utf8 = new ConnectionSummary(Instant.parse("2026-11-27T17:00:01Z"), "n1", 4001,
                "socks5", "jürgen-€-😀", "::1", "bücher.example:80\nforged={}", null, 1, 2, 3, "upstream_closed");
        try {
            AccessLog log = new AccessLog(access::info, Duration.ofMillis(10), 1000);
            log.closed(ascii);
            log.closed(utf8);
            log.closed(ascii);
            log.close();
            access.info("a plain event on the access logger: {}", 7); // not a batch: message and newline
        } finally {
            context.stop();
        }
        String written = Files.readString(logDir.resolve("access.log"), StandardCharsets.UTF_8);
        assertThat(written).isEqualTo(AccessLog.format(ascii) + "\n" + AccessLog.format(utf8) + "\n"
                + AccessLog.format(ascii) + "\n" + "a plain event on the access logger: 7\n");
        assertThat(AccessLog.format(utf8)).contains("user=jürgen-€-😀", "target=bücher.example:80_forged={}");
    }
}
