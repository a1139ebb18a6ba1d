package io.proxysaas.observe;

/** Told about every finished customer connection; must not block (called on an event loop). */
public interface ConnectionObserver {

    void closed(ConnectionSummary summary);

    ConnectionObserver NONE = summary -> { };
}
