package io.proxysaas.relay;

import io.netty.channel.Channel;
import io.proxysaas.access.Admission;
import io.proxysaas.access.Credentials;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits a customer socket without blocking its event loop ({@code AccessService.admitAsync}) and
 * goes on there: a grant is registered with the session (released at once if the socket closed
 * meanwhile) and the frontend's continuation runs only while the socket is still open.
 */
final class AsyncAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncAdmission.class);

    private AsyncAdmission() {
    }

    /**
     * @param then runs on the client's event loop with the admission, possibly before this returns
     *             (answer known at once); not at all when the socket closed first
     */
    static void admit(RelaySession session, Credentials credentials, Consumer<Admission> then) {
        Channel client = session.client();
        CompletionStage<Admission> stage;
        try {
            stage = session.services().access().admitAsync(session.port(), credentials, session.clientAddress(),
                    client.eventLoop());
        } catch (RuntimeException e) {
            failed(session, e);
            return;
        }
        if (stage instanceof CompletableFuture<Admission> known && known.isDone() && !known.isCompletedExceptionally()
                && client.eventLoop().inEventLoop()) {
            deliver(session, known.getNow(null), null, then); // answered from memory: no dependent stage per socket
            return;
        }
        stage.whenComplete((admission, error) -> {
            if (client.eventLoop().inEventLoop()) {
                deliver(session, admission, error, then);
            } else {
                // The access service completed elsewhere than asked; never touch the channel from there.
                try {
                    client.eventLoop().execute(() -> deliver(session, admission, error, then));
                } catch (RejectedExecutionException e) {
                    if (admission instanceof Admission.Grant grant) {
                        session.services().access().release(grant); // the loop is gone, and the socket with it
                    }
                }
            }
        });
    }

    private static void deliver(RelaySession session, Admission admission, Throwable error, Consumer<Admission> then) {
        if (error != null) {
            failed(session, error);
            return;
        }
        if (admission instanceof Admission.Grant grant && !session.granted(grant)) {
            return;
        }
        if (!session.client().isOpen()) {
            return; // a grant is now the session's and goes back when its close completes
        }
        try {
            then.accept(admission);
        } catch (RuntimeException e) {
            failed(session, e);
        }
    }

    private static void failed(RelaySession session, Throwable error) {
        LOG.warn("admission of a socket on port {} from {} failed; closing it", session.port(), session.clientIp(), error);
        session.reason("admission_error");
        session.client().close();
    }
}
