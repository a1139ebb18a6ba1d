import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the tab-separated results of one benchmark run ({@code path workload metric value}) into
 * the Markdown table: one row per workload metric, one column per path with its ratio to direct,
 * and the gateway/HAProxy ratio on the rows the targets are about.
 *
 * <p>Usage: {@code java -cp bench/out/classes Report results.tsv [gatewayNote [latencyDir]]} (with the load
 * client's latency files, the short-tunnel tails pooled over the rounds follow: {@link PooledTails})
 */
public final class Report {
    private static final String[] PATHS = {"direct", "haproxy", "squid-chain", "gateway"};
    /** Every path a run may have measured: the table's four and the side-by-side variant B. */
    static final String[] ALL_PATHS = {"direct", "haproxy", "squid-chain", "gateway", "gateway-b"};

    /** One table row: which metric, its label, and whether higher is better. */
    private record Row(String workload, String metric, String label, boolean higherBetter, boolean gwVsHaproxy) { }

    private static final Row[] ROWS = {
            new Row("bulk", "MBps", "Bulk, 1 CONNECT tunnel, MB/s", true, true),
            new Row("bulk", "cpu_ms_per_gib", "Bulk, CPU ms per GiB (measured process)", false, true),
            new Row("seq", "tunnels_per_s", "Sequential short tunnels, tunnels/s", true, true),
            new Row("seq", "p50_ms", "Sequential short tunnels, p50 ms", false, false),
            new Row("seq", "p99_ms", "Sequential short tunnels, p99 ms", false, true),
            new Row("seq", "cpu_us_per_op", "Sequential short tunnels, CPU µs per tunnel (measured process)", false, true),
            new Row("seq", "cpu_upstream_us_per_op", "Sequential short tunnels, CPU µs per tunnel of the upstream squid", false, true),
            new Row("seq", "cpu_machine_us_per_op", "Sequential short tunnels, CPU µs per tunnel of the whole machine (client, target, upstream, proxy)", false, true),
            new Row("seq", "runq_us_per_op", "Sequential short tunnels, µs per tunnel its threads waited for a core (measured process)", false, true),
            new Row("conc", "tunnels_per_s", "50-concurrent short tunnels, tunnels/s", true, true),
            new Row("conc", "p50_ms", "50-concurrent short tunnels, p50 ms", false, false),
            new Row("conc", "p99_ms", "50-concurrent short tunnels, p99 ms", false, true),
            new Row("conc", "cpu_us_per_op", "50-concurrent short tunnels, CPU µs per tunnel (measured process)", false, true),
            new Row("conc", "cpu_upstream_us_per_op", "50-concurrent short tunnels, CPU µs per tunnel of the upstream squid", false, true),
            new Row("conc", "cpu_machine_us_per_op", "50-concurrent short tunnels, CPU µs per tunnel of the whole machine (client, target, upstream, proxy)", false, true),
            new Row("conc", "runq_us_per_op", "50-concurrent short tunnels, µs per tunnel its threads waited for a core (measured process)", false, true),
            new Row("plain", "req_per_s", "Absolute-URI GET keep-alive, req/s", true, false),
            new Row("plain", "p50_ms", "Absolute-URI GET keep-alive, p50 ms", false, false),
            new Row("plain", "p99_ms", "Absolute-URI GET keep-alive, p99 ms", false, false),
            new Row("plain", "cpu_us_per_op", "Absolute-URI GET keep-alive, CPU µs per request (measured process)", false, false),
            new Row("idle", "kib_per_tunnel", "Idle tunnel RSS, KiB/tunnel (proxy process; last of the passes)", false, false),
            new Row("idle", "kib_per_tunnel_first_pass", "Idle tunnel RSS, KiB/tunnel, first pass (includes one-off growth)", false, false),
            new Row("idle", "heap_kib_per_tunnel", "Idle tunnel live Java heap after full GC, KiB/tunnel (JVM only)", false, false),
    };

    /** One start-up sentence: first port, all ports, /ready, RSS and the 3 s target. */
    private static String startupLine(Map<String, String> v, String path, String title) {
        String all = v.get(path + "/startup/all_ports_ms");
        String lines = v.getOrDefault(path + "/startup/pool_lines", "?");
        return String.format(title + ": first port accepting after %s, %s of %s ports accepting after %s "
                        + "(target: all ports within 3000 ms %s); first port answering a request after %s, %s of %s "
                        + "answering after %s; /ready after %s, RSS then %s KiB.%n",
                lines, v.getOrDefault(path + "/startup/cds", "?"), ms(v.getOrDefault(path + "/startup/first_port_ms", "?")),
                v.getOrDefault(path + "/startup/ports_bound", "?"), lines, ms(all),
                num(all) != null && num(all) <= 3000 ? "✓" : "✗",
                ms(v.getOrDefault(path + "/startup/first_serving_ms", "?")),
                v.getOrDefault(path + "/startup/ports_serving", "?"), lines,
                ms(v.getOrDefault(path + "/startup/all_serving_ms", "?")),
                ms(v.getOrDefault(path + "/startup/ready_ms", "?")), v.getOrDefault(path + "/startup/rss_kib", "?"));
    }

    /**
     * The results of one run, {@code path/workload/metric -> median of its rounds}; a line that is not
     * {@code path workload metric value} is an error naming the file and line.
     */
    static Map<String, String> medians(Path tsv) throws IOException {
        Map<String, List<String>> all = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(tsv)) {
            lineNo++;
            String[] f = line.split("\t");
            if (f.length != 4) {
                throw new IOException(tsv + " line " + lineNo + ": expected 4 tab-separated fields "
                        + "(path workload metric value), found " + f.length);
            }
            all.computeIfAbsent(f[0] + "/" + f[1] + "/" + f[2], k -> new ArrayList<>()).add(f[3]);
        }
        Map<String, String> v = new LinkedHashMap<>();
        all.forEach((k, values) -> v.put(k, median(k, values)));
        return v;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> v = medians(Path.of(args[0]));
        String gatewayNote = args.length > 1 ? args[1] : "pending";
        boolean gwRan = v.keySet().stream().anyMatch(k -> k.startsWith("gateway/") && !k.startsWith("gateway/startup"));
        StringBuilder out = new StringBuilder();
        boolean workloads = v.keySet().stream().anyMatch(k -> !k.contains("/startup/"));
        if (workloads) {
            out.append("| workload | direct | HAProxy tcp (x direct) | Squid chain (x direct) | proxy-saas (x direct) | proxy-saas / HAProxy |\n");
            out.append("|---|---:|---:|---:|---:|---:|\n");
            for (Row r : ROWS) {
                out.append("| ").append(r.label);
                Double direct = num(v.get("direct/" + r.workload + "/" + r.metric));
                for (String p : PATHS) {
                    String raw = v.get(p + "/" + r.workload + "/" + r.metric);
                    Double x = num(raw);
                    String cell;
                    if (raw == null) cell = p.equals("gateway") && !gwRan ? shortNote(gatewayNote) : "—";
                    else if (x == null || direct == null || p.equals("direct") || r.workload.equals("idle")
                            || r.metric.startsWith("cpu_") || r.metric.startsWith("runq_")) cell = raw;
                    else cell = raw + " (" + fmt(x / direct) + ")";
                    out.append(" | ").append(cell);
                }
                Double gw = num(v.get("gateway/" + r.workload + "/" + r.metric));
                Double ha = num(v.get("haproxy/" + r.workload + "/" + r.metric));
                String ratio = !r.gwVsHaproxy ? "" : gw == null || ha == null || ha == 0 ? "—"
                        : fmt(gw / ha) + (r.higherBetter ? (gw >= ha ? " ✓" : " ✗") : (gw <= ha ? " ✓" : " ✗"));
                out.append(" | ").append(ratio).append(" |\n");
            }
        }
        if (v.keySet().stream().anyMatch(k -> k.startsWith("gateway-b/"))) {
            out.append("\nVariant B, side by side with proxy-saas in the same rounds:\n\n");
            out.append("| workload | proxy-saas | variant B | B / proxy-saas |\n|---|---:|---:|---:|\n");
            for (Row r : ROWS) {
                String a = v.get("gateway/" + r.workload + "/" + r.metric);
                String b = v.get("gateway-b/" + r.workload + "/" + r.metric);
                if (a == null && b == null) continue;
                Double x = num(a);
                Double y = num(b);
                String ratio = x == null || y == null || x == 0 ? "—"
                        : fmt(y / x) + (y.equals(x) ? "" : (r.higherBetter == y > x) ? " better" : " worse");
                out.append("| ").append(r.label).append(" | ").append(a == null ? "—" : a).append(" | ")
                        .append(b == null ? "—" : b).append(" | ").append(ratio).append(" |\n");
            }
        }
        String startup = v.get("gateway/startup/all_ports_ms");
        out.append("\n");
        if (startup != null) {
            out.append(startupLine(v, "gateway", "Startup (proxy-saas, %s-line pool, external MariaDB; a restart: "
                    + "class-data archive %s, schema already migrated)"));
            if (v.containsKey("gateway-first/startup/all_ports_ms")) {
                out.append(startupLine(v, "gateway-first", "First start (%s-line pool, fresh database, "
                        + "class-data archive %s)"));
            }
        } else {
            out.append("proxy-saas: ").append(gatewayNote).append(".\n");
        }
        List<String> notes = new ArrayList<>();
        for (String p : ALL_PATHS) {
            for (String w : new String[]{"seq", "conc", "plain", "idle"}) {
                String e = v.get(p + "/" + w + "/errors");
                if (e != null && !e.equals("0")) notes.add(p + " " + w + ": " + e + " errors");
            }
            String alive = v.get(p + "/idle/alive");
            if (alive != null && !alive.equals("yes")) notes.add(p + " idle: tunnel not usable after hold");
            String open = v.get(p + "/idle/tunnels_open");
            if (open != null) notes.add(p + " idle (pass " + v.getOrDefault(p + "/idle/passes", "1") + "): " + open + " tunnels held, RSS "
                    + v.get(p + "/idle/rss_before_kib") + " -> " + v.get(p + "/idle/rss_after_kib") + " KiB"
                    + (v.containsKey(p + "/idle/heap_before_kib") ? ", live heap after GC "
                    + v.get(p + "/idle/heap_before_kib") + " -> " + v.get(p + "/idle/heap_after_kib") + " KiB" : ""));
            String conns = v.get(p + "/plain/connections");
            if (conns != null) notes.add(p + " plain: " + conns + " proxy connections opened");
        }
        for (String n : notes) out.append("- ").append(n).append("\n");
        if (args.length > 2) {
            out.append(PooledTails.table(Path.of(args[2]), v.keySet().stream().anyMatch(k -> k.startsWith("gateway-b/"))));
            Map<String, String> pooled = new LinkedHashMap<>(PooledTails.pooledP99(Path.of(args[2])));
            pooled.keySet().removeAll(v.keySet()); // a report made again from the same run files them once
            appendPooled(Path.of(args[0]), pooled);
        }
        System.out.print(out);
    }

    /**
     * Files the pooled p99s into the results (one row per path and workload), so
     * that the run's kept {@code results-*.tsv} carries them for {@code AcrossRuns}.
     */
    private static void appendPooled(Path results, Map<String, String> pooled) throws IOException {
        StringBuilder rows = new StringBuilder();
        pooled.forEach((k, value) -> rows.append(k.replace('/', '\t')).append('\t').append(value).append('\n'));
        Files.writeString(results, rows, StandardOpenOption.APPEND);
    }

    /** The first word of the note ("pending", "not run", "failed") keeps the table narrow. */
    private static String shortNote(String note) {
        int cut = note.indexOf(" (");
        return cut < 0 ? note : note.substring(0, cut);
    }

    /** The median of a metric's rounds; counts (ok, errors, connections) are summed instead. */
    static String median(String key, List<String> values) {
        if (values.size() == 1) return values.get(0);
        List<Double> nums = new ArrayList<>();
        for (String s : values) if (num(s) != null) nums.add(num(s));
        if (nums.size() < values.size()) return String.join("/", values);
        if (key.endsWith("/errors") || key.endsWith("/ok") || key.endsWith("/connections") || key.endsWith("/runs")) {
            return String.valueOf(Math.round(nums.stream().mapToDouble(Double::doubleValue).sum()));
        }
        nums.sort(null);
        double m = nums.size() % 2 == 1 ? nums.get(nums.size() / 2)
                : (nums.get(nums.size() / 2 - 1) + nums.get(nums.size() / 2)) / 2;
        return key.endsWith("_per_s") ? String.format(Locale.ROOT, "%.0f", m)
                : key.endsWith("/MBps") ? String.format(Locale.ROOT, "%.1f", m)
                : key.contains("/cpu_") || key.contains("/runq_") ? String.format(Locale.ROOT, "%.0f", m)
                : String.format(Locale.ROOT, "%.2f", m);
    }

    private static String ms(String raw) {
        Double d = num(raw);
        return d == null ? raw : d < 0 ? "never" : raw + " ms";
    }

    /** The number in a cell, or null when it is none ("—", a note). */
    static Double num(String s) {
        if (s == null) return null;
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Two decimals, whatever the locale. */
    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }
}
