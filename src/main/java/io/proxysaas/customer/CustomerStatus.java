package io.proxysaas.customer;

/** Administrative status of a customer. Expiry and quota are derived, not stored here. */
public enum CustomerStatus {
    ACTIVE, BANNED, LOCKED;

    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
