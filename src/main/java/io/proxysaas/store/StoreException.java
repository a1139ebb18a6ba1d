package io.proxysaas.store;

/** The system of record could not be reached or used; the message names the database URL or the operation. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
