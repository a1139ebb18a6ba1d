package io.proxysaas.pool;

import io.proxysaas.observe.ReadinessCheck;
import java.util.List;
import java.util.stream.Collectors;

/** The pool's part of {@code GET /ready}: the file is loaded and every port of it is bound. */
final class PoolReadiness implements ReadinessCheck {

    private final PoolReloader reloader;

    PoolReadiness(PoolReloader reloader) {
        this.reloader = reloader;
    }

    @Override
    public String name() {
        return "pool";
    }

    @Override
    public String problem() {
        if (!reloader.loaded()) {
            return "pool file " + reloader.file() + " not loaded";
        }
        List<BindFailure> pending = reloader.pendingBinds();
        if (pending.isEmpty()) {
            return null;
        }
        return pending.size() + " ports not bound yet: " + pending.stream().limit(10)
                .map(f -> String.valueOf(f.port())).collect(Collectors.joining(", "))
                + (pending.size() > 10 ? ", ..." : "");
    }
}
