package io.proxysaas.enforce;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import io.proxysaas.access.Kicks;
import io.proxysaas.relay.ConnectionRegistry;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kicks that reach every node: the caller's node closes its sockets at once, then the kick is
 * published on the Hazelcast topic {@code kicks} and every other member closes the named sockets in
 * its own {@link ConnectionRegistry}.
 */
public final class TopicKicks implements Kicks, AutoCloseable {

    static final String TOPIC = "kicks";
    private static final Logger LOG = LoggerFactory.getLogger(TopicKicks.class);

    private final ITopic<KickMessage> topic;
    private final Supplier<ConnectionRegistry> local;
    private final UUID listener;

    /** {@code local} is asked at each kick: the relay binds its registry after this module. */
    public TopicKicks(HazelcastInstance hazelcast, Supplier<ConnectionRegistry> local) {
        this.topic = hazelcast.getTopic(TOPIC);
        this.local = local;
        this.listener = topic.addMessageListener(this::received);
    }

    @Override
    public void kickCustomer(String username, String reason) {
        kickCustomerEverywhere(username, reason);
    }

    /** Closes the customer's sockets here at once and on every other node; returns how many closed here. */
    public int kickCustomerEverywhere(String username, String reason) {
        int here = closeHere(new KickMessage(KickMessage.Target.CUSTOMER, username, reason));
        topic.publish(new KickMessage(KickMessage.Target.CUSTOMER, username, reason));
        return here;
    }

    @Override
    public void kickClientIp(String clientIp, String reason) {
        closeHere(new KickMessage(KickMessage.Target.CLIENT_IP, clientIp, reason));
        topic.publish(new KickMessage(KickMessage.Target.CLIENT_IP, clientIp, reason));
    }

    private void received(Message<KickMessage> message) {
        if (message.getPublishingMember() != null && message.getPublishingMember().localMember()) {
            return; // already closed here before publishing
        }
        closeHere(message.getMessageObject());
    }

    private int closeHere(KickMessage kick) {
        ConnectionRegistry registry = local.get();
        if (registry == null) {
            return 0;
        }
        int closed = kick.target() == KickMessage.Target.CUSTOMER
                ? registry.closeCustomer(kick.key(), kick.reason())
                : registry.closeClientIp(kick.key(), kick.reason());
        if (closed > 0) {
            LOG.info("Kick ({}) {} {}: closed {} socket(s) on this node", kick.reason(),
                    kick.target() == KickMessage.Target.CUSTOMER ? "customer" : "client IP", kick.key(), closed);
        }
        return closed;
    }

    @Override
    public void close() {
        try {
            topic.removeMessageListener(listener);
        } catch (RuntimeException e) {
            LOG.debug("kick listener not removed (member already stopped): {}", e.getMessage());
        }
    }
}
