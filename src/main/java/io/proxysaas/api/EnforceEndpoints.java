package io.proxysaas.api;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerService;
import io.proxysaas.enforce.CustomerActions;
import io.proxysaas.enforce.Enforcement;
import io.proxysaas.enforce.IpBan;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The enforcement verbs of the admin API (SPEC §6): ban / lift ban / kick / unlock / extend a customer,
 * and the IP bans with the current brute-force blocks. Every change is audited.
 */
public class EnforceEndpoints {

    private final Enforcement enforcement;
    private final CustomerActions actions;
    private final CustomerService customers;
    private final AdminAudit audit;

    EnforceEndpoints(Enforcement enforcement, CustomerActions actions, CustomerService customers, AdminAudit audit) {
        this.enforcement = enforcement;
        this.actions = actions;
        this.customers = customers;
        this.audit = audit;
    }

    public ApiResponse ban(AdminRequest request) {
        String username = request.param("username");
        JsonObject json = JsonObject.parse(request.body()).allowOnly(Set.of("reason", "until"));
        Customer before = customers.get(username);
        Customer after = actions.ban(username, json.string("reason"), json.instant("until"));
        audit.record(request, "customer.ban", username, CustomerJson.view(before), CustomerJson.view(after));
        return ApiResponse.ok(CustomerJson.view(after));
    }

    public ApiResponse unban(AdminRequest request) {
        String username = request.param("username");
        Customer before = customers.get(username);
        Customer after = actions.unban(username);
        audit.record(request, "customer.unban", username, CustomerJson.view(before), CustomerJson.view(after));
        return ApiResponse.ok(CustomerJson.view(after));
    }

    public ApiResponse kick(AdminRequest request) {
        String username = customers.get(request.param("username")).username();
        int here = enforcement.kick(username, "kicked by " + request.actor());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("closed_on_this_node", here);
        audit.record(request, "customer.kick", username, null, body);
        return ApiResponse.ok(body);
    }

    public ApiResponse unlock(AdminRequest request) {
        String username = customers.get(request.param("username")).username();
        Enforcement.Unlocked unlocked = enforcement.unlock(username);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("was_locked_until", time(unlocked.lockedUntil()));
        body.put("strike_reset", unlocked.strikeReset());
        audit.record(request, "customer.unlock", username, null, body);
        return ApiResponse.ok(body);
    }

    public ApiResponse extend(AdminRequest request) {
        String username = request.param("username");
        JsonObject json = JsonObject.parse(request.body()).allowOnly(Set.of("days"));
        if (!json.has("days") || json.isNull("days")) {
            throw ApiProblem.badField("days", "is required (a whole number of days > 0)");
        }
        long days = json.integer("days", 0, CustomerActions.MAX_DAYS);
        Customer before = customers.get(username);
        Customer after = actions.extend(username, days);
        audit.record(request, "customer.extend", username, CustomerJson.view(before), CustomerJson.view(after));
        return ApiResponse.ok(CustomerJson.view(after));
    }

    public ApiResponse listIpBans(AdminRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("bans", enforcement.ipBans().stream().map(EnforceEndpoints::view).toList());
        body.put("blocks", enforcement.ipBlocks().entrySet().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ip", e.getKey());
            m.put("until", time(e.getValue()));
            m.put("reason", "brute force");
            return m;
        }).toList());
        return ApiResponse.ok(body);
    }

    public ApiResponse banIp(AdminRequest request) {
        JsonObject json = JsonObject.parse(request.body()).allowOnly(Set.of("ip", "reason", "until"));
        String ip = json.string("ip");
        if (ip == null || ip.isBlank()) {
            throw ApiProblem.badField("ip", "is required (an IPv4/IPv6 address or CIDR)");
        }
        String reason = json.string("reason");
        if (reason != null && reason.length() > 500) {
            throw ApiProblem.badField("reason", "longer than 500 characters");
        }
        Instant until = json.instant("until");
        if (until != null && !until.isAfter(Instant.now())) {
            throw ApiProblem.badField("until", "must be in the future, got " + until);
        }
        IpBan ban;
        try {
            ban = enforcement.banIp(ip, reason, until);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badField("ip", e.getMessage());
        }
        enforcement.kickIp(ban.cidr(), "IP banned");
        audit.record(request, "ip.ban", ban.cidr(), null, view(ban));
        return ApiResponse.created(view(ban));
    }

    public ApiResponse liftIp(AdminRequest request) {
        String ip = request.pathParams().get("ip");
        if (ip == null || ip.isBlank()) {
            throw ApiProblem.badField("ip", "query parameter ?ip= is required");
        }
        Enforcement.Lifted lifted;
        try {
            lifted = enforcement.liftIp(ip);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badField("ip", e.getMessage());
        }
        if (!lifted.any()) {
            throw new ApiProblem(404, "not_found", "ip", "no ban or block for " + lifted.cidr());
        }
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("ban", lifted.ban() == null ? null : view(lifted.ban()));
        before.put("blocked_until", time(lifted.blockedUntil()));
        audit.record(request, "ip.unban", lifted.cidr(), before, null);
        return ApiResponse.noContent();
    }

    private static Map<String, Object> view(IpBan ban) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ip", ban.cidr());
        m.put("reason", ban.reason());
        m.put("until", time(ban.until()));
        m.put("created_at", time(ban.createdAt()));
        return m;
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
