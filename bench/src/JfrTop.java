import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the CPU samples of a JFR recording: the hottest methods by self time, and by
 * inclusive time those whose class starts with a prefix (e.g. {@code io.proxysaas}), so a benchmark
 * gap can be traced to code without a GUI. Optional thread-name filter.
 *
 * <p>Usage: {@code java -cp bench/out/classes JfrTop FILE.jfr [prefix] [threadSubstring] [top]}
 */
public final class JfrTop {
    public static void main(String[] args) throws Exception {
        String prefix = args.length > 1 ? args[1] : "io.proxysaas";
        String thread = args.length > 2 ? args[2] : "";
        int top = args.length > 3 ? Integer.parseInt(args[3]) : 25;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) continue;
            String t = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            if (t == null || !t.contains(thread)) continue;
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) continue;
            total++;
            threads.merge(t.replaceAll("[0-9]+", "#"), 1, Integer::sum);
            List<RecordedFrame> frames = st.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                if ((n.startsWith(prefix) || n.contains("." + prefix)) && seen.add(n)) inclusive.merge(n, 1, Integer::sum);
            }
        }
        System.out.println("samples: " + total);
        print("threads", threads, total, 10);
        print("self (top frame)", self, total, top);
        print("inclusive, " + prefix, inclusive, total, top);
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> m, int total, int top) {
        System.out.println("== " + title);
        m.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(top)
                .forEach(en -> System.out.printf("%6.1f%%  %s%n", 100.0 * en.getValue() / Math.max(1, total), en.getKey()));
    }
}
