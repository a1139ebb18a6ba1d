package io.proxysaas.api;

/**
 * A request the API refuses before it reaches a service (bad token, body too large, wrong content
 * type, malformed JSON, wrong field type): the HTTP status, a stable error code and, for 400s, the field.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;

    public ApiProblem(int status, String code, String field, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiProblem badField(String field, String message) {
        return new ApiProblem(400, "invalid", field, field + ": " + message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
