package io.proxysaas.access;

/**
 * The deliberately slow password check (PBKDF2) against a stored hash; wired to the security
 * capability's password hasher. {@link PasswordVerifier} calls it once per password, not per socket.
 */
@FunctionalInterface
public interface SlowHashCheck {

    boolean matches(String password, String storedHash);
}
