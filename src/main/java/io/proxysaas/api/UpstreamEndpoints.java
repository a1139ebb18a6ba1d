package io.proxysaas.api;

import io.proxysaas.pool.PoolEntry;
import io.proxysaas.pool.PoolReloader;
import io.proxysaas.pool.PortConnections;
import io.proxysaas.pool.ReloadReport;
import io.proxysaas.pool.UpstreamHealth;
import io.proxysaas.pool.UpstreamPool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The pool verbs of the admin API ({@code /api/admin/upstreams}); upstream credentials never appear. */
public class UpstreamEndpoints {

    private final UpstreamPool pool;
    private final PoolReloader reloader;
    private final Supplier<PortConnections> connections;
    private final AdminAudit audit;

    UpstreamEndpoints(UpstreamPool pool, PoolReloader reloader, Supplier<PortConnections> connections, AdminAudit audit) {
        this.pool = pool;
        this.reloader = reloader;
        this.connections = connections;
        this.audit = audit;
    }

    public ApiResponse list(AdminRequest request) {
        PortConnections live = connections.get();
        return ApiResponse.ok(pool.entries().stream().map(e -> view(e, pool.health(e.port()), live)).toList());
    }

    public ApiResponse reload(AdminRequest request) {
        ReloadReport report = reloader.reload();
        Map<String, Object> body = view(report);
        audit.record(request, "upstreams.reload", reloader.file().toString(), null, body);
        return ApiResponse.ok(body);
    }

    private Map<String, Object> view(PoolEntry e, UpstreamHealth health, PortConnections live) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("port", e.port());
        m.put("host", e.upstream().host());
        m.put("upstream_port", e.upstream().port());
        m.put("scheme", e.upstream().scheme().prefix());
        m.put("username", e.upstream().username());
        m.put("healthy", health.healthy());
        m.put("latency_ms", health.latencyMs() < 0 ? null : health.latencyMs());
        m.put("checked_at", health.checkedAt() == null ? null : health.checkedAt().toString());
        m.put("last_error", health.lastError());
        m.put("bound", pool.isBound(e.port()));
        m.put("live_sockets", live.live(e.port()));
        m.put("line", e.line());
        return m;
    }

    private static Map<String, Object> view(ReloadReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("added", r.added());
        m.put("changed", r.changed());
        m.put("removed", r.removed());
        m.put("unchanged", r.unchanged().size());
        m.put("problems", r.problems().stream().map(p -> Map.of("line", p.line(), "reason", p.reason())).toList());
        m.put("bind_failures", r.bindFailures().stream().map(f -> Map.of("port", f.port(), "reason", f.reason())).toList());
        m.put("took_ms", r.tookMillis());
        return m;
    }

    static List<String> paths() {
        return List.of("/upstreams", "/upstreams/reload");
    }
}
