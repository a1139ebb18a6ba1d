package io.proxysaas.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxysaas.store.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as a real process ({@code java io.proxysaas.App}): its pool ports listen from the
 * first line of {@code main}, configured from the environment alone, and the relay serves on those
 * very sockets once it is up (taken over, not bound a second time).
 */
class ProcessStartListeningEndToEndTest {

    @TempDir
    static Path dir;
    static TestDatabase db;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void should_listen_from_main_and_serve_on_those_sockets() throws Exception {
        int deadUpstream = FreePorts.one();
        List<String> pool = List.of("http://u:p@127.0.0.1:" + deadUpstream, "http://u:p@127.0.0.1:" + deadUpstream,
                "socks5://u:p@127.0.0.1:" + deadUpstream);
        try (ProductProcess product = ProductProcess.start(dir, db, pool)) {
            String output = product.output();
            assertThat(output).contains("[proxysaas-start-listen] io.proxysaas.relay.EarlyListeners - relay: listening early"
                            + " on 3 of 3 pool ports on 127.0.0.1")
                    .as("no logging call raced logback's set-up (SLF4J would replay it with a warning)")
                    .doesNotContain("SLF4J(W)")
                    .contains("relay: using the event loops and sockets listening since the process started")
                    .doesNotContain("settings differ from those read at process start")
                    .doesNotContain("not listening from the process start");
            for (int port = product.portBase; port < product.portBase + pool.size(); port++) {
                assertThat(connectWithoutCredentials(port)).as("port %d", port).startsWith("HTTP/1.1 407");
            }
        }
    }

    private static String connectWithoutCredentials(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write("CONNECT 127.0.0.1:9 HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(12), StandardCharsets.US_ASCII);
        }
    }
}
