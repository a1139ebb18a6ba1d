package io.proxysaas.access;

import java.time.Instant;

/** Strike lockouts (SPEC §4), answered from local memory: until when a customer is locked, or null. */
@FunctionalInterface
public interface LockoutCheck {

    Instant lockedUntil(String username);

    LockoutCheck NONE = username -> null;
}
