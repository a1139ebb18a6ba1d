package io.proxysaas.access;

/**
 * One shared {@link Admission.Refusal} without detail per reason: such a refusal carries nothing of
 * the socket it answers (a record, compared by value), so a flood of refused sockets builds none.
 */
final class PlainRefusals {

    private static final Admission.Refusal[] BY_REASON = new Admission.Refusal[RefusalReason.values().length];

    static {
        for (RefusalReason reason : RefusalReason.values()) {
            BY_REASON[reason.ordinal()] = new Admission.Refusal(reason, null);
        }
    }

    private PlainRefusals() {
    }

    static Admission.Refusal of(RefusalReason reason) {
        return BY_REASON[reason.ordinal()];
    }
}
