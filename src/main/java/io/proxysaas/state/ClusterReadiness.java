package io.proxysaas.state;

import io.proxysaas.observe.ReadinessCheck;

/** Readiness condition "cluster": this node's Hazelcast member is running. */
final class ClusterReadiness implements ReadinessCheck {

    private final HazelcastNode node;

    ClusterReadiness(HazelcastNode node) {
        this.node = node;
    }

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public String problem() {
        return node.running() ? null : "Hazelcast member is not running";
    }
}
