import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The short-tunnel tails with every round's tunnels pooled, from the latency files the load client
 * writes with {@code --latency-dir} ({@code <path>-<workload>-<n>.tsv}: start, latency in µs): a p99 over
 * 3 x 2,000 sequential tunnels rests on 60 tunnels instead of 20, and the interval printed with the
 * ratio (95 %, bootstrap: the tunnels of both paths resampled 1,000 times) says how much of a
 * difference between two paths the tunnels' own spread could make. It says nothing of what varies
 * between runs (the machine's other load), which only more runs show.
 */
final class PooledTails {

    private static final int RESAMPLES = 1000;

    /** The metric name under which {@link #pooledP99} files the pooled p99 (ms) of a path's workload. */
    static final String POOLED_P99 = "pooled_p99_ms";

    private PooledTails() {
    }

    /** Markdown lines for seq and conc, or "" when the directory has no latency files of HAProxy and the gateway. */
    static String table(Path dir, boolean variantB) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String workload : new String[]{"seq", "conc"}) {
            long[] haproxy = latencies(dir, "haproxy", workload);
            long[] gateway = latencies(dir, "gateway", workload);
            if (haproxy.length == 0 || gateway.length == 0) {
                continue;
            }
            row(out, workload, "proxy-saas", gateway, haproxy);
            long[] b = variantB ? latencies(dir, "gateway-b", workload) : new long[0];
            if (b.length > 0) {
                row(out, workload, "variant B", b, haproxy);
            }
        }
        if (out.length() == 0) {
            return "";
        }
        return "\nShort-tunnel tails, all rounds' tunnels pooled (95 % bootstrap interval of the ratio; "
                + "the spread of the tunnels only, not of the machine between runs):\n\n"
                + "| workload | path | tunnels | HAProxy p99 ms | path p99 ms | path / HAProxy p99 | "
                + "HAProxy p50 ms | path p50 ms |\n|---|---|---:|---:|---:|---:|---:|---:|\n" + out;
    }

    /**
     * The pooled p99 (ms) of every path with latency files, keyed {@code path/workload/pooled_p99_ms}
     * like the results' medians, so that runs can be compared on it ({@code AcrossRuns}).
     */
    static Map<String, String> pooledP99(Path dir) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String path : Report.ALL_PATHS) {
            for (String workload : new String[]{"seq", "conc"}) {
                long[] l = latencies(dir, path, workload);
                if (l.length > 0) {
                    out.put(path + "/" + workload + "/" + POOLED_P99, String.format(Locale.ROOT, "%.3f", pct(l, 99) / 1e3));
                }
            }
        }
        return out;
    }

    private static void row(StringBuilder out, String workload, String name, long[] path, long[] haproxy) {
        double ratio = (double) pct(path, 99) / pct(haproxy, 99);
        double[] interval = bootstrap(path, haproxy, new SplittableRandom(42));
        out.append(String.format(Locale.ROOT, "| %s | %s | %d | %.2f | %.2f | %.2f (%.2f-%.2f)%s | %.2f | %.2f |%n",
                workload, name, path.length, pct(haproxy, 99) / 1e3, pct(path, 99) / 1e3, ratio, interval[0],
                interval[1], interval[1] <= 1 ? " ✓" : interval[0] > 1 ? " ✗" : " ≈",
                pct(haproxy, 50) / 1e3, pct(path, 50) / 1e3));
    }

    /** 2.5th and 97.5th percentiles of the p99 ratio when both samples are resampled with replacement. */
    static double[] bootstrap(long[] path, long[] haproxy, SplittableRandom random) {
        double[] ratios = new double[RESAMPLES];
        long[] a = new long[path.length];
        long[] h = new long[haproxy.length];
        for (int i = 0; i < RESAMPLES; i++) {
            for (int j = 0; j < a.length; j++) a[j] = path[random.nextInt(path.length)];
            for (int j = 0; j < h.length; j++) h[j] = haproxy[random.nextInt(haproxy.length)];
            Arrays.sort(a);
            Arrays.sort(h);
            ratios[i] = (double) pct(a, 99) / pct(h, 99);
        }
        Arrays.sort(ratios);
        return new double[]{ratios[(int) (RESAMPLES * 0.025)], ratios[(int) (RESAMPLES * 0.975) - 1]};
    }

    /** Every latency (µs) of the path's rounds of the workload, sorted. */
    static long[] latencies(Path dir, String path, String workload) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new long[0];
        }
        long[] all = new long[0];
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, path + "-" + workload + "-*.tsv")) {
            for (Path file : files) {
                if (!file.getFileName().toString().matches(java.util.regex.Pattern.quote(path + "-" + workload + "-")
                        + "\\d+\\.tsv")) {
                    continue; // gateway-b-seq-1.tsv is not the gateway's
                }
                for (String line : Files.readAllLines(file)) {
                    int tab = line.indexOf('\t');
                    if (tab < 0) continue;
                    if (n == all.length) all = Arrays.copyOf(all, Math.max(1024, n * 2));
                    int end = line.indexOf('\t', tab + 1); // later columns: the tunnel's phases
                    all[n++] = Long.parseLong(line.substring(tab + 1, end < 0 ? line.length() : end).trim());
                }
            }
        }
        long[] sorted = Arrays.copyOf(all, n);
        Arrays.sort(sorted);
        return sorted;
    }

    /** The same nearest-rank percentile as the load client's. */
    static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
