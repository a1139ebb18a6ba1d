import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The verdict over several runs: one run's gateway/HAProxy ratio moves a few per cent with the
 * machine's other load, so a target met "in the same run" is judged over runs. For each target it
 * lists every run's ratio (each the median of that run's rounds, as in the run's own table), how
 * many runs met it, the geometric mean of the ratios and that mean's 95 % interval (Student's t over
 * the runs' log ratios): ✓ when the whole interval is on the target's side of 1, ✗ when it is on the
 * other side, ≈ when it straddles 1 (the runs cannot tell the two apart). The idle-memory and
 * start-up targets are absolute, so their worst run is what counts. The last line is the verdict:
 * every target met when none is ✗ and every ≈ has its point estimate on the target's side of 1 (a
 * ratio whose true value is 1.00 matches HAProxy, and no number of runs shows it ">= 1 at 95 %");
 * otherwise the targets missed, or those no run measured.
 *
 * <p>Usage: {@code java -cp bench/out/classes AcrossRuns RUN...} where a RUN is a
 * {@code bench/out/results-*.tsv} or a temp dir kept with {@code BENCH_KEEP=1} (its
 * {@code results.tsv}, and its {@code latencies/} for the p99 over all rounds' tunnels pooled).
 */
public final class AcrossRuns {

    /** A gateway/HAProxy ratio: which metric, its label, whether higher is better, whether it is a target. */
    private record Target(String workload, String metric, String label, boolean higherBetter, boolean target) { }

    /**
     * The geometric mean of a target's ratios and its 95 % interval (lo = hi = mean for one run).
     * ✓ the whole interval on the target's side of 1, ✗ the whole of it on the other side, ≈ it straddles.
     */
    record Estimate(double mean, double lo, double hi, boolean higherBetter, int runs) {
        boolean good() {
            return runs > 1 && (higherBetter ? lo >= 1 : hi <= 1);
        }

        boolean bad() {
            return runs > 1 && (higherBetter ? hi < 1 : lo > 1);
        }

        /** The target is met at the runs' precision: not ✗, and the point estimate on the target's side of 1. */
        boolean met() {
            return !bad() && (higherBetter ? mean >= 1 : mean <= 1);
        }

        @Override
        public String toString() {
            if (runs < 2) return fmt(mean) + " (one run: no interval)";
            return fmt(mean) + " (" + fmt(lo) + "-" + fmt(hi) + ")" + (good() ? " ✓" : bad() ? " ✗" : " ≈");
        }
    }

    private static final Target[] TARGETS = {
            new Target("bulk", "MBps", "bulk MB/s", true, true),
            new Target("seq", "tunnels_per_s", "sequential tunnels/s", true, true),
            new Target("seq", "p99_ms", "sequential p99 (median of rounds)", false, true),
            new Target("seq", PooledTails.POOLED_P99, "sequential p99 (rounds' tunnels pooled)", false, true),
            new Target("conc", "tunnels_per_s", "50-concurrent tunnels/s", true, true),
            new Target("conc", "p99_ms", "50-concurrent p99 (median of rounds)", false, true),
            new Target("conc", PooledTails.POOLED_P99, "50-concurrent p99 (rounds' tunnels pooled)", false, true),
            new Target("seq", "cpu_us_per_op", "sequential CPU per tunnel (not a target)", false, false),
            new Target("conc", "cpu_us_per_op", "50-concurrent CPU per tunnel (not a target)", false, false),
            new Target("bulk", "cpu_ms_per_gib", "bulk CPU per GiB (not a target)", false, false),
    };

    /** Two-sided 95 % Student t quantiles for 1..30 degrees of freedom; 1.96 beyond. */
    private static final double[] T95 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
            2.060, 2.056, 2.052, 2.048, 2.045, 2.042};

    private AcrossRuns() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: AcrossRuns RUN... (bench/out/results-*.tsv or kept temp dirs)");
            System.exit(2);
        }
        List<String> names = new ArrayList<>();
        List<Map<String, String>> runs = new ArrayList<>();
        for (String arg : args) {
            names.add(name(Path.of(arg)));
            try {
                runs.add(read(Path.of(arg)));
            } catch (IOException e) {
                System.err.println("AcrossRuns: " + e.getMessage());
                System.exit(2);
            }
        }
        System.out.print(table(names, runs));
    }

    /** The Markdown verdict for the runs (each a map {@code path/workload/metric -> median of rounds}). */
    static String table(List<String> names, List<Map<String, String>> runs) {
        StringBuilder out = new StringBuilder();
        out.append("Across ").append(runs.size()).append(" runs (").append(String.join(", ", names))
                .append("); proxy-saas / HAProxy, each run the median of its rounds:\n\n")
                .append("| target | runs met | geometric mean (95 % interval) | each run |\n|---|---:|---:|---|\n");
        List<String> missed = new ArrayList<>();
        List<String> unmeasured = new ArrayList<>();
        for (Target t : TARGETS) {
            List<Double> ratios = new ArrayList<>();
            StringBuilder each = new StringBuilder();
            int met = 0;
            for (Map<String, String> run : runs) {
                Double gw = num(run.get("gateway/" + t.workload + "/" + t.metric));
                Double ha = num(run.get("haproxy/" + t.workload + "/" + t.metric));
                if (each.length() > 0) each.append(", ");
                if (gw == null || ha == null || gw <= 0 || ha <= 0) {
                    each.append("—");
                    continue;
                }
                double r = gw / ha;
                ratios.add(r);
                if (t.higherBetter ? r >= 1 : r <= 1) met++;
                each.append(fmt(r));
            }
            if (ratios.isEmpty()) {
                if (t.target) unmeasured.add(t.label);
                continue;
            }
            Estimate estimate = estimate(ratios, t.higherBetter);
            if (t.target && !estimate.met()) missed.add(t.label + " " + estimate);
            out.append("| ").append(t.label).append(" | ").append(met).append(" of ").append(ratios.size())
                    .append(" | ").append(estimate).append(" | ").append(each).append(" |\n");
        }
        out.append(absolute(runs, "idle", "heap_kib_per_tunnel", "idle tunnel, live heap KiB (target <= 8)", 8, "%.2f", missed, unmeasured));
        out.append(absolute(runs, "startup", "all_ports_ms", "restart, all 1,000 ports accepting, ms (target <= 3000)",
                3000, "%.0f", missed, unmeasured));
        out.append("\nOver these runs: ").append(!missed.isEmpty() ? "not met: " + String.join("; ", missed)
                : !unmeasured.isEmpty() ? "not judged, no run measured " + String.join("; ", unmeasured)
                : "every target met (none ✗, every ≈ with its point estimate on the target's side of 1)").append('\n');
        return out.toString();
    }

    /** The geometric mean of the ratios and its interval (Student's t over the log ratios). */
    static Estimate estimate(List<Double> ratios, boolean higherBetter) {
        int n = ratios.size();
        double sum = 0;
        for (double r : ratios) sum += Math.log(r);
        double m = sum / n;
        if (n < 2) return new Estimate(Math.exp(m), Math.exp(m), Math.exp(m), higherBetter, n);
        double ss = 0;
        for (double r : ratios) ss += (Math.log(r) - m) * (Math.log(r) - m);
        double half = (n - 1 <= T95.length ? T95[n - 2] : 1.96) * Math.sqrt(ss / (n - 1) / n);
        return new Estimate(Math.exp(m), Math.exp(m - half), Math.exp(m + half), higherBetter, n);
    }

    private static String absolute(List<Map<String, String>> runs, String workload, String metric, String label,
                                   double limit, String format, List<String> missed,
                                   List<String> unmeasured) {
        List<Double> values = new ArrayList<>();
        for (Map<String, String> run : runs) {
            Double v = num(run.get("gateway/" + workload + "/" + metric));
            if (v != null) values.add(v);
        }
        if (values.isEmpty()) {
            unmeasured.add(label);
            return "";
        }
        double worst = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        long met = values.stream().filter(v -> v <= limit).count();
        if (worst > limit) missed.add(label + " worst " + String.format(Locale.ROOT, format, worst));
        StringBuilder each = new StringBuilder();
        for (double v : values) each.append(each.length() > 0 ? ", " : "").append(String.format(Locale.ROOT, format, v));
        return "| " + label + " | " + met + " of " + values.size() + " | worst " + String.format(Locale.ROOT, format, worst)
                + (worst <= limit ? " ✓" : " ✗") + " | " + each + " |\n";
    }

    /** A run's medians of rounds; for a kept temp dir also the pooled p99 of its latency files. */
    static Map<String, String> read(Path run) throws IOException {
        Path tsv = Files.isDirectory(run) ? run.resolve("results.tsv") : run;
        if (!Files.isRegularFile(tsv)) {
            throw new IOException(run + ": no results.tsv (give a bench/out/results-*.tsv or a kept temp dir)");
        }
        Map<String, String> v = new LinkedHashMap<>(Report.medians(tsv));
        if (Files.isDirectory(run)) {
            v.putAll(PooledTails.pooledP99(run.resolve("latencies")));
        }
        return v;
    }

    private static String name(Path run) {
        return run.getFileName().toString().replaceFirst("^results-", "").replaceFirst("\\.tsv$", "");
    }

    private static Double num(String s) {
        return Report.num(s);
    }

    private static String fmt(double d) {
        return Report.fmt(d);
    }
}
