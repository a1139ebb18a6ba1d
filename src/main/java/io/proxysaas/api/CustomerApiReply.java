package io.proxysaas.api;

/** One answer of the customer or ops API: status, content type and body, ready to write out. */
public record CustomerApiReply(int status, String contentType, String body) {

    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain; charset=utf-8";
}
