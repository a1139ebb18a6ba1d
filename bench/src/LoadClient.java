import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FileWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark load client: drives one workload through one HTTP proxy and appends its numbers as
 * tab-separated lines {@code path workload metric value} to {@code --out}. Every loop is bounded by
 * a count and by {@code --max-seconds}.
 *
 * <pre>
 *   LoadClient freeports N                         print N free loopback ports
 *   LoadClient portrange N                         print a base B with B..B+N-1 all free (below 32768)
 *   LoadClient bulk|seq|conc|plain|idle OPTIONS    run a workload
 *   LoadClient ports --base B --count N --since EPOCH_MS [--ready URL]   time until all ports accept
 * options: --path NAME --out FILE --proxy HOST:PORT --auth USER:PASS --target HOST:PORT
 *          --count N --concurrency N --bytes N --runs N --pid PID --upstream-pid PID --max-seconds S
 * </pre>
 */
public final class LoadClient {
    private final Map<String, String> opt;
    private final String proxyHost;
    private final int proxyPort;
    private final String authHeader;
    private final String target;
    private final long deadline;

    private LoadClient(Map<String, String> opt) {
        this.opt = opt;
        String[] p = opt.getOrDefault("proxy", "127.0.0.1:0").split(":");
        proxyHost = p[0];
        proxyPort = Integer.parseInt(p[1]);
        String auth = opt.get("auth");
        authHeader = auth == null ? "" : "Proxy-Authorization: Basic "
                + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)) + "\r\n";
        target = opt.getOrDefault("target", "127.0.0.1:80");
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(opt.getOrDefault("max-seconds", "300")));
    }

    public static void main(String[] args) throws Exception {
        String cmd = args[0];
        Map<String, String> opt = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        switch (cmd) {
            case "freeports" -> freePorts(Integer.parseInt(args[1]));
            case "portrange" -> portRange(Integer.parseInt(args[1]));
            case "ports" -> waitPorts(opt);
            default -> new LoadClient(opt).run(cmd);
        }
    }

    private void run(String cmd) throws Exception {
        switch (cmd) {
            case "bulk" -> bulk();
            case "seq" -> tunnels("seq", 1);
            case "conc" -> tunnels("conc", Integer.parseInt(opt.getOrDefault("concurrency", "50")));
            case "plain" -> plain();
            case "idle" -> idle();
            default -> throw new IllegalArgumentException("unknown command " + cmd);
        }
    }

    // ---------------------------------------------------------------- workloads

    /** 1 GiB (or --bytes) through a CONNECT tunnel; median MB/s of --runs runs. */
    private void bulk() throws IOException {
        long bytes = Long.parseLong(opt.getOrDefault("bytes", String.valueOf(1L << 30)));
        int runs = Integer.parseInt(opt.getOrDefault("runs", "3"));
        double[] mbps = new double[runs];
        int done = 0;
        long cpu0 = cpuMicros();
        for (int r = 0; r < runs && System.nanoTime() < deadline; r++) {
            try (Socket s = openTunnel()) {
                InputStream in = new BufferedInputStream(s.getInputStream(), 256 * 1024);
                long t0 = System.nanoTime();
                send(s, "GET /big?n=" + bytes + " HTTP/1.1\r\nHost: " + target + "\r\nConnection: close\r\n\r\n");
                long got = readResponse(in, true);
                double sec = (System.nanoTime() - t0) / 1e9;
                if (got != bytes) throw new IOException("short body: " + got + " of " + bytes);
                mbps[done++] = bytes / 1e6 / sec;
                System.err.printf("  bulk run %d: %.1f MB/s (%.2f s)%n", r + 1, mbps[done - 1], sec);
            }
        }
        double[] ok = Arrays.copyOf(mbps, done);
        Arrays.sort(ok);
        emit("bulk", "MBps", done == 0 ? "n/a" : String.format("%.1f", ok[done / 2]));
        emit("bulk", "runs", String.valueOf(done));
        if (cpu0 >= 0 && done > 0) {
            emit("bulk", "cpu_ms_per_gib", String.format("%.0f", (cpuMicros() - cpu0) / 1000.0 / (done * (double) bytes / (1L << 30))));
        }
    }

    /**
     * Short tunnels: CONNECT + GET /small + close, --count in total over --concurrency workers, after
     * --warmup N more in the same shape that are neither timed nor counted (nor in the CPU and
     * run-queue numbers). Every measurement is a new client JVM: without a warm-up its own first few
     * hundred tunnels run interpreted while its JIT compiles on the same cores. The warm-up tunnels are
     * the first N of the same loop on the same threads, so nothing changes for the client when the
     * measurement begins (a separate warm-up loop left its own bump in the measured tunnels).
     */
    private void tunnels(String name, int concurrency) throws Exception {
        int count = Integer.parseInt(opt.getOrDefault("count", "2000"));
        int warm = Integer.parseInt(opt.getOrDefault("warmup", "0"));
        long[] lat = new long[count];
        long[] startedAt = new long[count]; // nanoTime at each tunnel's start, for --latency-dir
        long[] connected = new long[count]; // ns from the start until the TCP connect returned
        long[] answered = new long[count]; // ns from the start until the CONNECT's answer was read
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<String> errorText = new ArrayList<>();
        // CPU, run queue, t0, upstream CPU, machine CPU: reset when the measurement begins
        long[] base = {cpuMicros(), runQueueMicros(), System.nanoTime(), cpuMicros(opt.get("upstream-pid")), machineMicros()};
        runWorkers(concurrency, () -> {
            int i;
            while ((i = next.getAndIncrement()) < warm + count && System.nanoTime() < deadline) {
                if (i == warm && warm > 0) { // the worker that starts the first measured tunnel marks the beginning
                    base[0] = cpuMicros();
                    base[1] = runQueueMicros();
                    base[2] = System.nanoTime();
                    base[3] = cpuMicros(opt.get("upstream-pid"));
                    base[4] = machineMicros();
                }
                long s0 = System.nanoTime();
                try {
                    shortTunnel();
                    if (i < warm) continue;
                    int k = ok.getAndIncrement();
                    lat[k] = System.nanoTime() - s0;
                    startedAt[k] = s0;
                    long[] phase = PHASES.get();
                    connected[k] = phase[0] - s0;
                    answered[k] = phase[1] - s0;
                } catch (IOException e) {
                    if (i >= warm && errors.getAndIncrement() < 3) synchronized (errorText) { errorText.add(e.toString()); }
                }
            }
        });
        long t0 = base[2]; // written by a worker; runWorkers has joined them
        double sec = (System.nanoTime() - t0) / 1e9;
        reportLatency(name, "tunnels_per_s", ok.get(), errors.get(), sec, lat, errorText);
        reportCpu(name, base[0], ok.get());
        reportChainCpu(name, base[3], base[4], ok.get());
        long runq = runQueueMicros();
        if (base[1] >= 0 && runq >= 0 && ok.get() > 0) {
            emit(name, "runq_us_per_op", String.format("%.0f", (runq - base[1]) / (double) ok.get()));
        }
        writeLatencies(name, t0, startedAt, lat, connected, answered, ok.get());
    }

    /**
     * How a CONNECT answer is read: a byte per system call by default, as curl does (lib/cf-h1-proxy.c,
     * "read one byte at a time"); -Dconnect.read=whole reads the head in one receive, as the JDK's
     * HttpClient and browsers do.
     */
    private static final boolean CONNECT_READ_WHOLE = "whole".equals(System.getProperty("connect.read"));

    /** Per thread: nanoTime when the last tunnel's TCP connect returned, and when its CONNECT was answered. */
    private static final ThreadLocal<long[]> PHASES = ThreadLocal.withInitial(() -> new long[2]);

    /** One short tunnel: CONNECT, GET /small, read the whole answer, close. */
    private void shortTunnel() throws IOException {
        try (Socket s = openTunnel()) {
            send(s, "GET /small HTTP/1.1\r\nHost: " + target + "\r\nConnection: close\r\n\r\n");
            readResponse(new BufferedInputStream(s.getInputStream()), false);
        }
    }

    /**
     * With --latency-dir DIR: every tunnel of this run as "start (ms since the epoch) TAB latency (us)
     * TAB connected (us) TAB CONNECT answered (us)", the last two from the tunnel's start, in
     * DIR/<path>-<workload>-<n>.tsv (n = 1, 2, ... per run), to see when the slow ones happened and in
     * which phase they waited.
     */
    private void writeLatencies(String workload, long t0, long[] startedAt, long[] lat, long[] connected, long[] answered, int n)
            throws IOException {
        String dir = opt.get("latency-dir");
        if (dir == null) return;
        long epochT0 = System.currentTimeMillis() * 1000 - (System.nanoTime() - t0) / 1000; // microseconds
        Path file;
        int run = 1;
        do {
            file = Path.of(dir, opt.getOrDefault("path", "proxy") + "-" + workload + "-" + run++ + ".tsv");
        } while (Files.exists(file));
        StringBuilder out = new StringBuilder(n * 24);
        for (int i = 0; i < n; i++) {
            out.append(String.format("%.3f\t%d\t%d\t%d%n", (epochT0 + (startedAt[i] - t0) / 1000) / 1000.0, lat[i] / 1000,
                    connected[i] / 1000, answered[i] / 1000));
        }
        Files.writeString(file, out);
    }

    /** Absolute-URI GETs on keep-alive connections (--concurrency connections, reconnect when closed). */
    private void plain() throws Exception {
        int count = Integer.parseInt(opt.getOrDefault("count", "10000"));
        int concurrency = Integer.parseInt(opt.getOrDefault("concurrency", "10"));
        long[] lat = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger connects = new AtomicInteger();
        List<String> errorText = new ArrayList<>();
        String req = "GET http://" + target + "/small HTTP/1.1\r\nHost: " + target + "\r\n" + authHeader
                + "Proxy-Connection: keep-alive\r\n\r\n";
        long cpu0 = cpuMicros();
        long t0 = System.nanoTime();
        runWorkers(concurrency, () -> {
            Socket s = null;
            InputStream in = null;
            int i;
            while ((i = next.getAndIncrement()) < count && System.nanoTime() < deadline) {
                long s0 = System.nanoTime();
                try {
                    if (s == null) {
                        s = connect();
                        in = new BufferedInputStream(s.getInputStream());
                        connects.incrementAndGet();
                    }
                    send(s, req);
                    Response r = readHead(in);
                    if (r.status != 200) throw new IOException("status " + r.status);
                    drain(in, r.length);
                    lat[ok.getAndIncrement()] = System.nanoTime() - s0;
                    if (r.close) { s.close(); s = null; }
                } catch (IOException e) {
                    if (errors.getAndIncrement() < 3) synchronized (errorText) { errorText.add(e.toString()); }
                    closeQuietly(s);
                    s = null;
                }
            }
            closeQuietly(s);
        });
        double sec = (System.nanoTime() - t0) / 1e9;
        reportLatency("plain", "req_per_s", ok.get(), errors.get(), sec, lat, errorText);
        emit("plain", "connections", String.valueOf(connects.get()));
        reportCpu("plain", cpu0, ok.get());
    }

    /**
     * Holds --count idle CONNECT tunnels open and reports the RSS growth of process --pid per tunnel.
     * Done --passes times (default 2), releasing the tunnels in between; the reported numbers are the
     * last pass's: a process that has held that many tunnels once (a JVM's heap, an allocator's arenas
     * sized for them) shows what a further held tunnel costs, not its one-off growth. The first pass's
     * growth is reported too (kib_per_tunnel_first_pass).
     */
    private void idle() throws Exception {
        int passes = Integer.parseInt(opt.getOrDefault("passes", "2"));
        int errors = 0;
        String firstPass = "n/a";
        for (int pass = 1; pass <= passes; pass++) {
            IdlePass r = idlePass(pass == passes);
            errors += r.errors;
            if (pass == 1) firstPass = r.kibPerTunnel;
            if (pass < passes) Thread.sleep(2000); // let the closes settle before the next pass
        }
        emit("idle", "errors", String.valueOf(errors));
        emit("idle", "passes", String.valueOf(passes));
        emit("idle", "kib_per_tunnel_first_pass", firstPass);
    }

    private record IdlePass(int errors, String kibPerTunnel) { }

    private IdlePass idlePass(boolean report) throws Exception {
        int count = Integer.parseInt(opt.getOrDefault("count", "2000"));
        long pid = Long.parseLong(opt.get("pid"));
        boolean jvm = isJvm(pid);
        Thread.sleep(1000);
        long heapBefore = jvm ? heapUsedAfterGcKib(pid) : -1;
        long before = rssKib(pid);
        Socket[] held = new Socket[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<String> errorText = new ArrayList<>();
        runWorkers(16, () -> {
            int i;
            while ((i = next.getAndIncrement()) < count && System.nanoTime() < deadline) {
                try {
                    held[i] = openTunnel();
                } catch (IOException e) {
                    if (errors.getAndIncrement() < 3) synchronized (errorText) { errorText.add(e.toString()); }
                }
            }
        });
        int open = (int) Arrays.stream(held).filter(s -> s != null).count();
        Thread.sleep(2000);
        long after = rssKib(pid); // before the full GC below, which may hand heap back to the OS
        long heapAfter = jvm ? heapUsedAfterGcKib(pid) : -1;
        // Prove the tunnels are still alive end to end: one request on the first one.
        String alive = "n/a";
        for (Socket s : held) {
            if (s == null) continue;
            try {
                send(s, "GET /small HTTP/1.1\r\nHost: " + target + "\r\n\r\n");
                alive = readResponse(new BufferedInputStream(s.getInputStream()), false) > 0 ? "yes" : "no";
            } catch (IOException e) {
                alive = "no";
            }
            break;
        }
        for (Socket s : held) closeQuietly(s);
        String kib = open == 0 ? "n/a" : String.format("%.2f", (after - before) / (double) open);
        if (!errorText.isEmpty()) System.err.println("  idle errors: " + errorText);
        if (report) {
            emit("idle", "tunnels_open", String.valueOf(open));
            emit("idle", "rss_before_kib", String.valueOf(before));
            emit("idle", "rss_after_kib", String.valueOf(after));
            emit("idle", "kib_per_tunnel", kib);
            emit("idle", "alive", alive);
            if (jvm) {
                emit("idle", "heap_before_kib", String.valueOf(heapBefore));
                emit("idle", "heap_after_kib", String.valueOf(heapAfter));
                emit("idle", "heap_kib_per_tunnel", open == 0 || heapBefore < 0 || heapAfter < 0 ? "n/a"
                        : String.format("%.2f", (heapAfter - heapBefore) / (double) open));
            }
        }
        return new IdlePass(errors.get(), kib);
    }

    /**
     * Polls --count ports from --base until every one accepts a TCP connect, and (on a thread of its
     * own, at the same time) until every one answers a proxy request; time since --since (epoch ms).
     * A port can accept before it serves: the gateway listens early and the connection waits in the
     * kernel's queue until the relay is ready.
     */
    private static void waitPorts(Map<String, String> opt) throws Exception {
        int base = Integer.parseInt(opt.get("base"));
        int count = Integer.parseInt(opt.get("count"));
        long since = Long.parseLong(opt.get("since"));
        long limitMs = Long.parseLong(opt.getOrDefault("max-seconds", "120")) * 1000;
        String ready = opt.get("ready");
        long pid = Long.parseLong(opt.getOrDefault("pid", "0"));
        long[] serving = {-1, -1, 0}; // first port answering, all answering, ports answering
        Thread probe = new Thread(() -> probeServing(base, count, since, limitMs, pid, serving), "serving-probe");
        probe.setDaemon(true);
        probe.start();
        boolean[] up = new boolean[count];
        int remaining = count;
        long firstMs = -1, allMs = -1, readyMs = -1;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        while (System.currentTimeMillis() - since < limitMs && (remaining > 0 || (ready != null && readyMs < 0))) {
            for (int i = 0; i < count; i++) {
                if (up[i]) continue;
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", base + i), 200);
                    up[i] = true;
                    remaining--;
                    if (firstMs < 0) firstMs = System.currentTimeMillis() - since;
                } catch (IOException refused) {
                    if (firstMs < 0) break; // nothing bound yet: do not spin through all ports
                }
            }
            if (remaining == 0 && allMs < 0) allMs = System.currentTimeMillis() - since;
            if (ready != null && readyMs < 0) {
                try {
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(ready))
                            .timeout(Duration.ofMillis(500)).build(), HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) readyMs = System.currentTimeMillis() - since;
                } catch (IOException e) { /* not up yet */ }
            }
            if (pid > 0 && !Files.exists(Path.of("/proc/" + pid))) {
                System.err.println("  process " + pid + " exited while waiting for its ports");
                break;
            }
            Thread.sleep(10);
        }
        probe.join(Math.max(1, limitMs - (System.currentTimeMillis() - since)));
        LoadClient out = new LoadClient(opt);
        synchronized (serving) {
            out.emit("startup", "first_serving_ms", String.valueOf(serving[0]));
            out.emit("startup", "all_serving_ms", serving[1] < 0 ? "timeout" : String.valueOf(serving[1]));
            out.emit("startup", "ports_serving", String.valueOf(serving[2]));
        }
        out.emit("startup", "first_port_ms", String.valueOf(firstMs));
        out.emit("startup", "all_ports_ms", allMs < 0 ? "timeout" : String.valueOf(allMs));
        out.emit("startup", "ports_bound", String.valueOf(count - remaining));
        if (ready != null) out.emit("startup", "ready_ms", readyMs < 0 ? "timeout" : String.valueOf(readyMs));
    }

    /**
     * Every port probed by one of 16 threads (each takes the next unprobed port): connect (retrying
     * while refused), send a CONNECT without credentials and wait for any HTTP status line (the
     * gateway's 407; no credentials is not a failed login, so no brute-force count). Fills {first ms,
     * last ms (when all answered), ports answering}. Several probers, so that the probe's own round
     * trips do not stretch the time until the last port answers.
     */
    private static void probeServing(int base, int count, long since, long limitMs, long pid, long[] serving) {
        byte[] request = "CONNECT 127.0.0.1:9 HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        AtomicInteger next = new AtomicInteger();
        List<Thread> probers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            Thread prober = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    if (!probeOne(base + i, request, since, limitMs, pid)) return;
                    synchronized (serving) {
                        long now = System.currentTimeMillis() - since;
                        if (serving[0] < 0) serving[0] = now;
                        if (++serving[2] == count) serving[1] = now;
                    }
                }
            }, "serving-probe-" + t);
            prober.setDaemon(true);
            prober.start();
            probers.add(prober);
        }
        for (Thread prober : probers) {
            try {
                prober.join();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Retries until {@code port} answers a request; false when out of time or the process exited. */
    private static boolean probeOne(int port, byte[] request, long since, long limitMs, long pid) {
        while (true) {
            long left = limitMs - (System.currentTimeMillis() - since);
            if (left <= 0 || (pid > 0 && !Files.exists(Path.of("/proc/" + pid)))) return false;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                s.getOutputStream().write(request);
                byte[] head = s.getInputStream().readNBytes(8);
                if (new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.")) return true;
            } catch (IOException notYet) {
                // refused (not listening yet) or closed before answering: try again
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return false;
            }
        }
    }

    // ---------------------------------------------------------------- protocol helpers

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(30_000);
        s.connect(new InetSocketAddress(proxyHost, proxyPort), 10_000);
        return s;
    }

    /** Opens a CONNECT tunnel to --target through the proxy; throws unless the proxy answers 200. */
    private Socket openTunnel() throws IOException {
        Socket s = connect();
        long[] phase = PHASES.get();
        phase[0] = System.nanoTime();
        try {
            send(s, "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n" + authHeader + "\r\n");
            Response r = CONNECT_READ_WHOLE ? readConnectAnswer(s.getInputStream()) : readHead(s.getInputStream());
            phase[1] = System.nanoTime();
            if (r.status != 200) throw new IOException("CONNECT answered " + r.status);
            return s;
        } catch (IOException e) {
            closeQuietly(s);
            throw e;
        }
    }

    private record Response(int status, long length, boolean close) { }

    /**
     * The answer to a CONNECT in as few receives as it arrives in (-Dconnect.read=whole): in these
     * workloads the target never speaks first, so nothing may follow the head before the client's
     * request, and bytes that do are the proxy's error.
     */
    private static Response readConnectAnswer(InputStream in) throws IOException {
        byte[] buf = new byte[4096];
        int n = 0;
        while (true) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) throw new EOFException("connection closed before the CONNECT answer" + (n > 0 ? ": " + new String(buf, 0, n, StandardCharsets.ISO_8859_1) : ""));
            n += r;
            for (int i = Math.max(3, n - r); i < n; i++) {
                if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                    if (i + 1 != n) throw new IOException("the proxy sent " + (n - i - 1) + " bytes after its CONNECT answer, before any request");
                    return readHead(new java.io.ByteArrayInputStream(buf, 0, n));
                }
            }
            if (n == buf.length) throw new IOException("CONNECT answer head larger than " + buf.length + " bytes");
        }
    }

    /**
     * Reads a response head byte by byte: from the socket's own stream a CONNECT answer as curl reads it
     * (a system call per byte, nothing beyond the head consumed), from a buffered stream a response
     * whose body stays in the buffer.
     */
    private static Response readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(256);
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            int n = sb.length();
            if (n >= 4 && c == '\n' && sb.charAt(n - 2) == '\r' && sb.charAt(n - 3) == '\n' && sb.charAt(n - 4) == '\r') break;
            if (n > 16384) throw new IOException("response head too large");
        }
        if (c < 0) throw new EOFException("connection closed before response head" + (sb.length() > 0 ? ": " + sb : ""));
        String head = sb.toString();
        int status = Integer.parseInt(head.substring(9, 12));
        long length = -1;
        boolean close = false;
        for (String line : head.split("\r\n")) {
            String l = line.toLowerCase();
            if (l.startsWith("content-length:")) length = Long.parseLong(l.substring(15).trim());
            if ((l.startsWith("connection:") || l.startsWith("proxy-connection:")) && l.contains("close")) close = true;
        }
        if (head.startsWith("HTTP/1.0") && !head.toLowerCase().contains("keep-alive")) close = true;
        return new Response(status, length, close);
    }

    /** Reads a whole 200 response and returns the body length. */
    private static long readResponse(InputStream in, boolean big) throws IOException {
        Response r = readHead(in);
        if (r.status != 200) throw new IOException("status " + r.status);
        return drain(in, r.length);
    }

    private static long drain(InputStream in, long length) throws IOException {
        byte[] buf = new byte[length > 65536 ? 256 * 1024 : 8192];
        long got = 0;
        while (length < 0 || got < length) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, length < 0 ? buf.length : length - got));
            if (n < 0) {
                if (length < 0) break;
                throw new EOFException("body ended after " + got + " of " + length + " bytes");
            }
            got += n;
        }
        return got;
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    // ---------------------------------------------------------------- plumbing

    private interface Work { void run() throws Exception; }

    private static void runWorkers(int n, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) fs.add(pool.submit(() -> { work.run(); return null; }));
        for (var f : fs) f.get();
        pool.shutdown();
    }

    private void reportLatency(String workload, String rateName, int ok, int errors, double sec, long[] lat,
                               List<String> errorText) {
        long[] l = Arrays.copyOf(lat, ok);
        Arrays.sort(l);
        emit(workload, rateName, String.format("%.0f", ok / sec));
        emit(workload, "p50_ms", ok == 0 ? "n/a" : String.format("%.2f", pct(l, 50) / 1e6));
        emit(workload, "p99_ms", ok == 0 ? "n/a" : String.format("%.2f", pct(l, 99) / 1e6));
        emit(workload, "ok", String.valueOf(ok));
        emit(workload, "errors", String.valueOf(errors));
        if (!errorText.isEmpty()) System.err.println("  " + workload + " errors (first 3): " + errorText);
    }

    /** CPU time (user + system, all threads) the proxy process (--pid) spent per completed operation. */
    private void reportCpu(String workload, long cpu0, int ops) {
        if (cpu0 < 0 || ops == 0) return;
        emit(workload, "cpu_us_per_op", String.format("%.0f", (cpuMicros() - cpu0) / (double) ops));
    }

    /**
     * What a path costs the rest of the chain: the upstream's CPU per operation (--upstream-pid) and the
     * whole machine's (client, target, upstream and proxy together, from /proc/stat). A proxy that is
     * cheap itself but makes its peers work harder (more segments, more wake-ups) shows here.
     */
    private void reportChainCpu(String workload, long upstream0, long machine0, int ops) {
        if (ops == 0) return;
        long upstream = cpuMicros(opt.get("upstream-pid"));
        if (upstream0 >= 0 && upstream >= 0) emit(workload, "cpu_upstream_us_per_op", String.format("%.0f", (upstream - upstream0) / (double) ops));
        long machine = machineMicros();
        if (machine0 >= 0 && machine >= 0) emit(workload, "cpu_machine_us_per_op", String.format("%.0f", (machine - machine0) / (double) ops));
    }

    /** Busy CPU time of the whole machine (every state of /proc/stat's first line but idle and iowait), microseconds; -1 when unknown. */
    private long machineMicros() {
        try (var lines = Files.lines(Path.of("/proc/stat"))) {
            String[] f = lines.findFirst().orElseThrow().trim().split(" +");
            long ticks = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) if (i != 4 && i != 5) ticks += Long.parseLong(f[i]); // user nice system (idle iowait) irq softirq steal
            return ticks * 1_000_000L / Long.parseLong(opt.getOrDefault("clk-tck", "100"));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime of --pid in microseconds (from /proc, clock ticks per --clk-tck); -1 without --pid. */
    private long cpuMicros() {
        return cpuMicros(opt.get("pid"));
    }

    private long cpuMicros(String pid) {
        if (pid == null) return -1;
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5)
            return ticks * 1_000_000L / Long.parseLong(opt.getOrDefault("clk-tck", "100"));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Time the threads of --pid spent runnable but waiting for a core, summed, in microseconds
     * ({@code /proc/PID/task/TID/schedstat}, second field, ns; needs schedstats in the kernel); -1 when
     * unknown. On a shared machine this is the part of a proxy's latency that is the scheduler's.
     */
    private long runQueueMicros() {
        String pid = opt.get("pid");
        if (pid == null) return -1;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            long ns = 0;
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String[] f = Files.readString(task.resolve("schedstat")).trim().split(" ");
                    ns += Long.parseLong(f[1]);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between the listing and the read
                }
            }
            return ns / 1000;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private void emit(String workload, String metric, String value) {
        String line = opt.getOrDefault("path", "?") + "\t" + workload + "\t" + metric + "\t" + value;
        System.err.println("  " + line.replace('\t', ' '));
        String out = opt.get("out");
        if (out == null) return;
        try (PrintWriter w = new PrintWriter(new FileWriter(out, true))) {
            w.println(line);
        } catch (IOException e) {
            throw new IllegalStateException("cannot append results to " + out, e);
        }
    }

    private static boolean isJvm(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")).toString().contains("java");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Live Java heap of a JVM: a full GC through jcmd, then "used" from GC.heap_info. The RSS of a
     * JVM barely moves when a warmed-up heap absorbs new objects, so this is the honest per-tunnel cost.
     */
    private static long heapUsedAfterGcKib(long pid) {
        try {
            jcmd(pid, "GC.run");
            String info = jcmd(pid, "GC.heap_info");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("heap\\s+total \\d+K, used (\\d+)K").matcher(info);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException | InterruptedException e) {
            System.err.println("  jcmd failed: " + e);
            return -1;
        }
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        return out;
    }

    static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        throw new IOException("no VmRSS for pid " + pid);
    }

    private static void closeQuietly(Socket s) {
        if (s == null) return;
        try { s.close(); } catch (IOException ignored) { }
    }

    private static void freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket ss = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                held.add(ss);
                System.out.println(ss.getLocalPort());
            }
        } finally {
            for (ServerSocket ss : held) ss.close();
        }
    }

    /** A base B below the ephemeral range such that B..B+n-1 are all free on loopback. */
    private static void portRange(int n) throws IOException {
        java.util.Random rnd = new java.util.Random();
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20000 + rnd.nextInt(32000 - 20000 - n);
            boolean free = true;
            for (int p = base; p < base + n && free; p++) {
                try (ServerSocket ss = new ServerSocket()) {
                    ss.bind(new InetSocketAddress("127.0.0.1", p));
                } catch (IOException busy) {
                    free = false;
                }
            }
            if (free) { System.out.println(base); return; }
        }
        throw new IOException("no free range of " + n + " ports found in 20000-32000");
    }
}
