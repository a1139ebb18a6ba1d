package io.proxysaas.observe;

/** One condition of {@code GET /ready} (pool bound, DB reachable, cluster joined). Bind one per capability. */
public interface ReadinessCheck {

    String name();

    /** Null when ready; otherwise a short reason shown in the readiness answer. */
    String problem();
}
