package io.proxysaas.quota;

import java.io.Serializable;

/** The ledger's answer to a lease request: what was granted and the line after it. */
public record LeaseResult(long granted, LedgerEntry entry) implements Serializable {

    boolean exhausted() {
        return granted == 0 && entry.exhausted();
    }
}
