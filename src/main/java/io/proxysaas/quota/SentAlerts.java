package io.proxysaas.quota;

/** Remembers which alerts went out, so each is sent once per customer per period/threshold. */
@FunctionalInterface
interface SentAlerts {

    /** Records {@code alert} as sent; true only for the first call with its type, customer and key. */
    boolean claim(AlertRules.Alert alert);
}
