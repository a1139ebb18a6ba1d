package io.proxysaas.usage;

/** Bytes a customer used in the current billing period, cluster-wide (counted in + out). */
@FunctionalInterface
public interface UsageTotals {

    long bytesUsed(String username);

    UsageTotals NONE = username -> 0;
}
