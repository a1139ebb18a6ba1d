package io.proxysaas.access;

/** Whether a customer's monthly quota is used up, answered from local memory (admission step "quota"). */
@FunctionalInterface
public interface QuotaCheck {

    boolean exhausted(String username);

    QuotaCheck NONE = username -> false;
}
