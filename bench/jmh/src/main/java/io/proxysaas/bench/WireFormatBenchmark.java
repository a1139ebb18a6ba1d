package io.proxysaas.bench;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import io.proxysaas.quota.LedgerEntry;
import io.proxysaas.usage.ClusterLiveView;
import io.proxysaas.usage.CustomerUsage;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One trip through Hazelcast's serialization (toData, then toObject: what a backup, a remote
 * partition owner, an OBJECT-format read or a BINARY-format entry processor costs) with the
 * product's wire formats ({@code UsageWireFormats}, {@code QuotaWireFormats}) and, for comparison,
 * the same fields as Java-serializable records (how they travelled before 2026-11-27): one
 * customer's counters (every customer with traffic, every second), one node's live counts of 1,000
 * customers (every member reads every member's, every second) and one quota ledger line (read and
 * written again by every lease, one per 256 KiB of a customer's traffic).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WireFormatBenchmark {

    /** CustomerUsage as it was: a record travelling by Java serialization. */
    public record JavaUsage(String period, long bytesIn, long bytesOut, long connections) implements Serializable {
    }

    /** NodeCounts as it was. */
    public record JavaNodeCounts(Map<String, Integer> perCustomer) implements Serializable {
        public JavaNodeCounts {
            perCustomer = Map.copyOf(perCustomer);
        }
    }

    /** LedgerEntry as it was. */
    public record JavaLedgerEntry(String period, long periodEndMillis, long quota, long leased, long generation,
                                  String previousPeriod, long previousLeased, long previousQuota,
                                  long previousGeneration) implements Serializable {
    }

    private final InternalSerializationService ss = new DefaultSerializationServiceBuilder().build();
    private final CustomerUsage usage = new CustomerUsage("2026-11", 123_456_789L, 987_654_321L, 4_242L);
    private final JavaUsage javaUsage = new JavaUsage("2026-11", 123_456_789L, 987_654_321L, 4_242L);
    private final LedgerEntry ledger = new LedgerEntry("2026-11", 1_796_083_200_000L, 10L << 30, 123_456_789L, 3L,
            null, 0L, 0L, 0L);
    private final JavaLedgerEntry javaLedger = new JavaLedgerEntry("2026-11", 1_796_083_200_000L, 10L << 30,
            123_456_789L, 3L, null, 0L, 0L, 0L);
    private ClusterLiveView.NodeCounts counts;
    private JavaNodeCounts javaCounts;

    @Setup
    public void setUp() {
        Map<String, Integer> live = new HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            live.put("customer" + i, 1 + i % 50);
        }
        counts = new ClusterLiveView.NodeCounts(live);
        javaCounts = new JavaNodeCounts(live);
    }

    @Benchmark
    public Object customerUsageWire() {
        return ss.toObject(ss.toData(usage));
    }

    @Benchmark
    public Object customerUsageJava() {
        return ss.toObject(ss.toData(javaUsage));
    }

    @Benchmark
    public Object nodeCounts1000Wire() {
        return ss.toObject(ss.toData(counts));
    }

    @Benchmark
    public Object nodeCounts1000Java() {
        return ss.toObject(ss.toData(javaCounts));
    }

    @Benchmark
    public Object ledgerEntryWire() {
        return ss.toObject(ss.toData(ledger));
    }

    @Benchmark
    public Object ledgerEntryJava() {
        return ss.toObject(ss.toData(javaLedger));
    }
}
