package io.proxysaas.relay;

import io.proxysaas.access.AccessService;
import io.proxysaas.observe.ConnectionObserver;
import io.proxysaas.pool.UpstreamPool;

/** The collaborators every relay connection needs, handed around as one value. */
record RelayServices(UpstreamPool pool, AccessService access, RelaySettings settings, Transport transport,
                     ConnectionObserver observer, ConnectionRegistry registry, UpstreamConnector connector) {
}
