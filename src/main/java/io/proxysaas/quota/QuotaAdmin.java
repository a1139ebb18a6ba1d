package io.proxysaas.quota;

import java.util.Map;

/** The quota verbs of the admin API ({@code POST /api/admin/customers/{username}/quota/reset}). */
public interface QuotaAdmin {

    /** Starts the customer's current period from zero bytes; returns before/after views for the answer and audit. */
    Map<String, Object> reset(String username);
}
