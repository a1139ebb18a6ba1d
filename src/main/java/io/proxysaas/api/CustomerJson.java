package io.proxysaas.api;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerPatch;
import io.proxysaas.customer.CustomerStatus;
import io.proxysaas.customer.IssuedCustomer;
import io.proxysaas.customer.NewCustomer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The customer's JSON shape of SPEC §6, both ways. The view never carries a secret or a hash;
 * {@link #issued} adds the plaintext password / API key of the answer that issued them.
 */
final class CustomerJson {

    private static final Set<String> CREATE_FIELDS = Set.of("username", "plan", "expires_at", "ips", "password",
            "note", "status");
    /** PATCH also tolerates the read-only fields of a GET answer sent back unchanged. */
    private static final Set<String> PATCH_FIELDS = Set.of("username", "plan", "expires_at", "ips", "password",
            "note", "status", "created_at", "ban_reason", "banned_until");

    private CustomerJson() {
    }

    static Map<String, Object> view(Customer c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", c.username());
        m.put("plan", c.plan());
        m.put("status", c.status().json());
        m.put("expires_at", time(c.expiresAt()));
        m.put("ips", c.ips());
        m.put("note", c.note());
        m.put("ban_reason", c.banReason());
        m.put("banned_until", time(c.bannedUntil()));
        m.put("created_at", time(c.createdAt()));
        return m;
    }

    static Map<String, Object> issued(IssuedCustomer issued) {
        Map<String, Object> m = view(issued.customer());
        if (issued.password() != null) {
            m.put("password", issued.password());
        }
        if (issued.apiKey() != null) {
            m.put("api_key", issued.apiKey());
        }
        return m;
    }

    static NewCustomer readNew(byte[] body) {
        JsonObject json = JsonObject.parse(body).allowOnly(CREATE_FIELDS);
        return new NewCustomer(json.string("username"), json.string("plan"), json.instant("expires_at"),
                json.strings("ips"), json.string("password"), json.string("note"), status(json));
    }

    static CustomerPatch readPatch(byte[] body, String username) {
        JsonObject json = JsonObject.parse(body).allowOnly(PATCH_FIELDS);
        String sentName = json.string("username");
        if (sentName != null && !sentName.equals(username)) {
            throw ApiProblem.badField("username", "cannot be changed (path says '" + username + "')");
        }
        if (json.isNull("plan")) {
            throw ApiProblem.badField("plan", "cannot be null");
        }
        return new CustomerPatch(json.string("plan"), json.instant("expires_at"), json.isNull("expires_at"),
                status(json), json.strings("ips"), json.string("note"), json.isNull("note"), json.string("password"));
    }

    private static CustomerStatus status(JsonObject json) {
        String s = json.string("status");
        if (s == null) {
            return null;
        }
        try {
            return CustomerStatus.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badField("status", "expected active, banned or locked, got '" + s + "'");
        }
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
