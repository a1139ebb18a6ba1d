package io.proxysaas.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxysaas.relay.RawClient;
import io.proxysaas.store.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product starting: its ports listen long before it can serve (database, member, Camel),
 * and a connection made at that moment is neither refused nor lost — it is answered once the relay
 * is up; a port another process holds is reported (not listened on early, its route's bind fails)
 * while the others serve.
 */
class EarlyListenEndToEndTest {

    private static final String CONNECT = "CONNECT 127.0.0.1:9 HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\r\n";
    private static final List<String> POOL = List.of(
            "http://u:p@127.0.0.1:9", "http://u:p@127.0.0.1:9", "http://u:p@127.0.0.1:9");

    @TempDir
    Path dir;

    @Test
    void should_answer_a_connection_made_while_the_product_is_still_starting() throws Exception {
        int base = RunningGateway.freePortBase(3);
        int api = RunningGateway.freePortBase(1);
        try (TestDatabase db = TestDatabase.create()) {
            CompletableFuture<RunningGateway> starting = CompletableFuture.supplyAsync(() -> {
                try {
                    return RunningGateway.start(dir, db, base, POOL, Map.of("camel.server.port", String.valueOf(api)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (RawClient early = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                    .failFast("the product failed to start", starting::isCompletedExceptionally)
                    .ignoreExceptions().until(() -> new RawClient(base + 2), client -> true)) {
                // the API server starts with the Camel context, i.e. after the database and the member,
                // and before routes could bind the ports: refused here means the port listened early
                assertThat(accepts(api)).as("the API port while the pool port already accepts").isFalse();
                early.socket.setSoTimeout(120_000);
                assertThat(early.send(CONNECT).head()).startsWith("HTTP/1.1 407");
            } finally {
                starting.get(120, TimeUnit.SECONDS).close();
            }
        }
    }

    @Test
    void should_report_a_port_held_by_another_process_and_serve_the_others() throws Exception {
        int base = RunningGateway.freePortBase(3);
        try (TestDatabase db = TestDatabase.create();
             ServerSocket squatter = new ServerSocket(base + 1, 50, InetAddress.getLoopbackAddress());
             RunningGateway gateway = RunningGateway.start(dir, db, base, POOL, Map.of())) {
            assertThat(answer(base)).startsWith("HTTP/1.1 407");
            assertThat(answer(base + 2)).startsWith("HTTP/1.1 407");
            HttpResponse<String> upstreams = gateway.admin("GET", "/api/admin/upstreams", null);
            assertThat(upstreams.statusCode()).isEqualTo(200);
            assertThat(upstreams.body()).containsPattern("\"port\":" + (base + 1) + "[^}]*\"bound\":false")
                    .containsPattern("\"port\":" + base + "[^}]*\"bound\":true");
            // the squatter's connections are its own: nothing of ours answers on its port
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", base + 1), 1_000);
                try (Socket accepted = squatter.accept()) {
                    assertThat(accepted.getPort()).isEqualTo(s.getLocalPort());
                }
            }
        }
    }

    private static String answer(int port) throws IOException {
        try (RawClient client = new RawClient(port)) {
            return client.send(CONNECT).head();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
