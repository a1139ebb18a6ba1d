package io.proxysaas.customer;

import java.io.Serializable;

/**
 * A plan: the limits every customer on it gets. 0 means unlimited for every limit.
 * Field names follow the API's snake_case JSON (see {@code SPEC.md} §4, §6).
 */
public record Plan(
        String name,
        int threads,
        int qps,
        long bandwidthBps,
        long socketBandwidthBps,
        int ipThreads,
        int ipQps,
        long monthlyQuotaBytes,
        int durationDays,
        long priceCents) implements Serializable {
}
