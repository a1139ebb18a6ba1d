package io.proxysaas.access;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.Plan;

/** The outcome of {@link AccessService#admit}: a {@link Grant} or a {@link Refusal}. */
public sealed interface Admission permits Admission.Grant, Admission.Refusal {

    /**
     * The socket may proceed under this customer's plan. The holder must call
     * {@link AccessService#release(Grant)} exactly once when the socket closes.
     */
    record Grant(Customer customer, Plan plan, int port, String clientIp) implements Admission {
        public String username() {
            return customer.username();
        }
    }

    /** The socket is refused; {@code detail} adds specifics to the reason's message (may be null). */
    record Refusal(RefusalReason reason, String detail) implements Admission {
        public String message() {
            return detail == null ? reason.message() : reason.message() + ": " + detail;
        }
    }
}
