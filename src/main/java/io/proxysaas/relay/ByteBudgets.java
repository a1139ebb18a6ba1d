package io.proxysaas.relay;

import io.proxysaas.access.Admission;

/** Hands each admitted socket its {@link ByteBudget}: null for a customer without a quota (never checked). */
@FunctionalInterface
public interface ByteBudgets {

    ByteBudget forGrant(Admission.Grant grant);

    ByteBudgets NONE = grant -> null;
}
