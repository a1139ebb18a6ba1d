package io.proxysaas.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proxysaas.access.LiveSockets;
import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.pool.PoolEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The customer API's answers (SPEC §6): API-key authentication, the proxy list in its three
 * formats and {@code /api/v1/me}. Plain Java: the routes only pass the request values in.
 */
final class CustomerApiHandler {

    private static final int MAX_KEY_LENGTH = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CustomerDirectory directory;
    private final CustomerProxyList proxyList;
    private final Supplier<LiveSockets> liveSockets;
    private final String publicHost;
    private final Clock clock;
    private final Supplier<UsageEndpoints> usage;

    CustomerApiHandler(CustomerDirectory directory, CustomerProxyList proxyList, Supplier<LiveSockets> liveSockets,
                       String publicHost, Clock clock) {
        this(directory, proxyList, liveSockets, publicHost, clock, () -> null);
    }

    /** {@code usage}: the usage fields of {@code /api/v1/me} when the usage pipeline is installed (else null). */
    CustomerApiHandler(CustomerDirectory directory, CustomerProxyList proxyList, Supplier<LiveSockets> liveSockets,
                       String publicHost, Clock clock, Supplier<UsageEndpoints> usage) {
        this.usage = usage;
        this.directory = directory;
        this.proxyList = proxyList;
        this.liveSockets = liveSockets;
        this.publicHost = publicHost.indexOf(':') >= 0 && !publicHost.startsWith("[") ? "[" + publicHost + "]" : publicHost;
        this.clock = clock;
    }

    CustomerApiReply proxies(String apiKey, String format) {
        Optional<Customer> customer = authenticate(apiKey);
        if (customer.isEmpty()) {
            return unauthorized(apiKey);
        }
        String fmt = format == null || format.isBlank() ? "text" : format.trim().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("text", "plain", "json", "auth").contains(fmt)) {
            return error(400, "bad_request", "unknown format '" + abbreviate(format) + "': use text, json or auth",
                    "format");
        }
        List<PoolEntry> ports = proxyList.validPorts(customer.get());
        return switch (fmt) {
            case "json" -> json(200, ports.stream().map(e -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("host", publicHost);
                m.put("port", e.port());
                m.put("status", "up");
                return m;
            }).toList());
            case "auth" -> lines(ports, ":" + customer.get().username());
            default -> lines(ports, "");
        };
    }

    CustomerApiReply me(String apiKey) {
        Optional<Customer> found = authenticate(apiKey);
        if (found.isEmpty()) {
            return unauthorized(apiKey);
        }
        Customer c = found.get();
        LiveSockets sockets = liveSockets.get();
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("username", c.username());
        me.put("plan", c.plan());
        me.put("status", status(c));
        me.put("expires_at", c.expiresAt() == null ? null : c.expiresAt().toString());
        me.put("ips", c.ips());
        me.put("live_sockets", sockets == null ? 0 : sockets.total(c.username()));
        UsageEndpoints counters = usage.get();
        if (counters != null) {
            me.putAll(counters.customerFields(c)); // live_sockets becomes the cluster-wide count
        }
        return json(200, me);
    }

    /** The account state a customer sees: banned/locked as stored, expired as derived, else active. */
    private String status(Customer c) {
        if (proxyList.accountValid(c)) {
            return "active";
        }
        if (c.status() != io.proxysaas.customer.CustomerStatus.ACTIVE) {
            return c.status().json();
        }
        return c.expiredAt(clock.instant()) ? "expired" : "inactive";
    }

    private Optional<Customer> authenticate(String apiKey) {
        if (apiKey == null || apiKey.isBlank() || apiKey.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        return directory.byApiKeyHash(sha256Hex(apiKey.trim()));
    }

    private CustomerApiReply lines(List<PoolEntry> ports, String suffix) {
        StringBuilder out = new StringBuilder();
        for (PoolEntry e : ports) {
            out.append(publicHost).append(':').append(e.port()).append(suffix).append('\n');
        }
        return new CustomerApiReply(200, CustomerApiReply.TEXT, out.toString());
    }

    private static CustomerApiReply unauthorized(String apiKey) {
        return apiKey == null || apiKey.isBlank()
                ? error(401, "unauthorized", "API key required: send the X-API-Key header or ?key=", null)
                : error(401, "unauthorized", "unknown API key", null);
    }

    static CustomerApiReply error(int status, String code, String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        if (field != null) {
            body.put("field", field);
        }
        return json(status, body);
    }

    static CustomerApiReply json(int status, Object body) {
        try {
            return new CustomerApiReply(status, CustomerApiReply.JSON, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write API answer as JSON", e);
        }
    }

    static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM offers no SHA-256", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 32 ? s.substring(0, 32) + "..." : s;
    }
}
