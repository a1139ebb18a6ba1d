package io.proxysaas.relay;

import java.util.concurrent.CompletionStage;

/**
 * How many more bytes one customer socket may relay, checked per chunk before forwarding (the
 * monthly quota). {@link #take} is a local, non-blocking decision; when it says no the relay pauses
 * reads on that socket and asks {@link #refill} for more, resuming on the channel's event loop.
 */
public interface ByteBudget {

    /** Takes {@code bytes} from what is already granted to this node; false (taking nothing) if that is not enough. */
    boolean take(long bytes);

    /**
     * Asks for at least {@code needed} more bytes without blocking: completes with true when some
     * were granted (call {@link #take} again), false when the quota is used up.
     */
    CompletionStage<Boolean> refill(long needed);
}
