package io.proxysaas.api;

import org.apache.camel.builder.RouteBuilder;

/** platform-http routes {@code GET /health} (liveness) and {@code GET /ready} (readiness). */
final class OpsRoutes extends RouteBuilder {

    private final OpsReadiness readiness;

    OpsRoutes(OpsReadiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public void configure() {
        from("platform-http:/health?httpMethodRestrict=GET").routeId("ops-health")
                .process(e -> CustomerApiRoutes.write(e, readiness.health()));
        from("platform-http:/ready?httpMethodRestrict=GET").routeId("ops-ready")
                .process(e -> CustomerApiRoutes.write(e, readiness.ready()));
    }
}
