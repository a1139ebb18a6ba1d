package io.proxysaas.customer;

/**
 * A customer together with the plaintext secrets just issued to it. Plaintext exists only in this
 * answer (create, rotation); a null secret was not issued by that call.
 */
public record IssuedCustomer(Customer customer, String password, String apiKey) {
}
