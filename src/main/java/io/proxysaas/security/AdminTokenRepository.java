package io.proxysaas.security;

import java.time.Instant;
import java.util.List;

/** Storage of admin tokens (implemented by the store). */
public interface AdminTokenRepository {

    List<AdminToken> findAll();

    AdminToken insert(String name, String tokenHash);

    boolean delete(long id);

    void touch(long id, Instant lastUsedAt);
}
