package io.proxysaas.quota;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.proxysaas.state.WireFormat;
import java.io.IOException;

/**
 * Wire formats of the quota ledger: its lines (stored in binary form, so read and written again by
 * every lease), the lease request and its answer (one per slice, 256 KiB by default, of every
 * customer's traffic) and the return of unspent bytes. Registered through
 * {@code META-INF/services/com.hazelcast.SerializerHook} ({@link WireFormat}).
 */
public final class QuotaWireFormats {

    private QuotaWireFormats() {
    }

    public static final class LedgerEntryFormat extends WireFormat<LedgerEntry> {
        public LedgerEntryFormat() {
            super(LedgerEntry.class, 7111);
        }

        @Override
        public void write(ObjectDataOutput out, LedgerEntry e) throws IOException {
            writeEntry(out, e);
        }

        @Override
        public LedgerEntry read(ObjectDataInput in) throws IOException {
            return readEntry(in);
        }
    }

    public static final class LeaseResultFormat extends WireFormat<LeaseResult> {
        public LeaseResultFormat() {
            super(LeaseResult.class, 7112);
        }

        @Override
        public void write(ObjectDataOutput out, LeaseResult r) throws IOException {
            out.writeLong(r.granted());
            writeEntry(out, r.entry());
        }

        @Override
        public LeaseResult read(ObjectDataInput in) throws IOException {
            long granted = in.readLong();
            return new LeaseResult(granted, readEntry(in));
        }
    }

    public static final class LeaseProcessorFormat extends WireFormat<LeaseProcessor> {
        public LeaseProcessorFormat() {
            super(LeaseProcessor.class, 7113);
        }

        @Override
        public void write(ObjectDataOutput out, LeaseProcessor p) throws IOException {
            out.writeString(p.period);
            out.writeLong(p.periodEndMillis);
            out.writeLong(p.quota);
            out.writeLong(p.want);
            out.writeLong(p.initialUsed);
        }

        @Override
        public LeaseProcessor read(ObjectDataInput in) throws IOException {
            return new LeaseProcessor(period(in), in.readLong(), in.readLong(), in.readLong(), in.readLong());
        }
    }

    public static final class GiveBackFormat extends WireFormat<LedgerProcessors.GiveBack> {
        public GiveBackFormat() {
            super(LedgerProcessors.GiveBack.class, 7114);
        }

        @Override
        public void write(ObjectDataOutput out, LedgerProcessors.GiveBack g) throws IOException {
            out.writeString(g.from.period());
            out.writeLong(g.from.generation());
            out.writeLong(g.bytes);
        }

        @Override
        public LedgerProcessors.GiveBack read(ObjectDataInput in) throws IOException {
            LedgerEntry.LineVersion from = new LedgerEntry.LineVersion(period(in), in.readLong());
            return new LedgerProcessors.GiveBack(from, in.readLong());
        }
    }

    private static void writeEntry(ObjectDataOutput out, LedgerEntry e) throws IOException {
        out.writeString(e.period());
        out.writeLong(e.periodEndMillis());
        out.writeLong(e.quota());
        out.writeLong(e.leased());
        out.writeLong(e.generation());
        out.writeString(e.previousPeriod()); // null while no finished period waits for the archive
        out.writeLong(e.previousLeased());
        out.writeLong(e.previousQuota());
        out.writeLong(e.previousGeneration());
    }

    private static LedgerEntry readEntry(ObjectDataInput in) throws IOException {
        return new LedgerEntry(period(in), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readString(), in.readLong(), in.readLong(), in.readLong());
    }

    /** A period key; a ledger line, lease or return always has one, so a null on the wire is corrupt input. */
    private static String period(ObjectDataInput in) throws IOException {
        String period = in.readString();
        if (period == null) {
            throw new IOException("quota ledger data without a billing period: corrupt data");
        }
        return period;
    }
}
