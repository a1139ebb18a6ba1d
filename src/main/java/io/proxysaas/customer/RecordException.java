package io.proxysaas.customer;

/**
 * A refused change to plans or customers: what kind of refusal (the API maps it to 404/409/400)
 * and, for {@link Kind#INVALID} and most conflicts, the name of the offending JSON field.
 */
public class RecordException extends RuntimeException {

    /** Why the change was refused. */
    public enum Kind { NOT_FOUND, CONFLICT, INVALID }

    private final Kind kind;
    private final String field;

    public RecordException(Kind kind, String field, String message) {
        this(kind, field, message, null);
    }

    public RecordException(Kind kind, String field, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.field = field;
    }

    public static RecordException notFound(String what, String key) {
        return new RecordException(Kind.NOT_FOUND, null, what + " '" + key + "' does not exist");
    }

    public static RecordException invalid(String field, String message) {
        return new RecordException(Kind.INVALID, field, field + ": " + message);
    }

    public static RecordException conflict(String field, String message) {
        return new RecordException(Kind.CONFLICT, field, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The JSON field the refusal is about, or null. */
    public String field() {
        return field;
    }
}
