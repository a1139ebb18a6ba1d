package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import io.proxysaas.it.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A Debian proxy (tinyproxy or microsocks) run in the foreground by a test, killed on close. */
public final class ExternalProxy implements AutoCloseable {

    private final Process process;
    public final int port;

    private ExternalProxy(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static ExternalProxy tinyproxy(Path dir, String user, String password) throws IOException {
        Path binary = require("/usr/bin/tinyproxy", "/usr/sbin/tinyproxy");
        int port = freePort();
        Path conf = dir.resolve("tinyproxy-" + port + ".conf");
        Files.writeString(conf, String.join("\n",
                "Port " + port, "Listen 127.0.0.1", "Timeout 60", "MaxClients 64", "LogLevel Warning",
                "BasicAuth " + user + " " + password, "DisableViaHeader Yes", ""));
        return start(List.of(binary.toString(), "-d", "-c", conf.toString()), port, dir.resolve("tinyproxy-" + port + ".log"));
    }

    public static ExternalProxy microsocks(Path dir, String user, String password) throws IOException {
        Path binary = require("/usr/bin/microsocks");
        int port = freePort();
        return start(List.of(binary.toString(), "-u", user, "-P", password, "-i", "127.0.0.1", "-p", String.valueOf(port)),
                port, dir.resolve("microsocks-" + port + ".log"));
    }

    private static ExternalProxy start(List<String> command, int port, Path log) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ExternalProxy proxy = new ExternalProxy(p, port);
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!p.isAlive()) {
                    fail(command.get(0) + " exited early: " + Files.readString(log));
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (RuntimeException | Error e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    public static Path require(String... candidates) {
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        throw new IllegalStateException(candidates[0] + " is not installed; the relay end-to-end tests need it "
                + "(apt-get install tinyproxy microsocks curl)");
    }

    static int freePort() {
        return FreePorts.one();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
