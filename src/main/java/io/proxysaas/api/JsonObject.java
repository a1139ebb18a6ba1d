package io.proxysaas.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A request body parsed as one JSON object with typed, field-naming reads: every wrong type or
 * unknown field becomes a 400 {@link ApiProblem} that says which field and what was expected.
 */
final class JsonObject {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonNode node;

    private JsonObject(JsonNode node) {
        this.node = node;
    }

    static JsonObject parse(byte[] body) {
        if (body.length == 0) {
            throw new ApiProblem(400, "invalid_json", "body", "body: a JSON object is required");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            throw new ApiProblem(400, "invalid_json", "body", "body: malformed JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiProblem(400, "invalid_json", "body", "body: unreadable JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ApiProblem(400, "invalid_json", "body", "body: expected a JSON object");
        }
        return new JsonObject(node);
    }

    /** Refuses any field not in {@code allowed} (a typo would otherwise be silently ignored). */
    JsonObject allowOnly(Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw ApiProblem.badField(name, "unknown field (allowed: " + String.join(", ", sorted(allowed)) + ")");
            }
        }
        return this;
    }

    boolean has(String field) {
        return node.has(field);
    }

    boolean isNull(String field) {
        return node.has(field) && node.get(field).isNull();
    }

    /** The string value, or null when absent or JSON null. */
    String string(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiProblem.badField(field, "expected a string, got " + v.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return v.textValue();
    }

    long integer(String field, long defaultValue, long max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw ApiProblem.badField(field, "expected a whole number, got " + v);
        }
        long value = v.longValue();
        if (value < 0 || value > max) {
            throw ApiProblem.badField(field, "must be between 0 and " + max + ", got " + value);
        }
        return value;
    }

    Instant instant(String field) {
        String text = string(field);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.badField(field, "expected an ISO-8601 time like 2030-01-31T00:00:00Z, got '" + text + "'");
        }
    }

    List<String> strings(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw ApiProblem.badField(field, "expected an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw ApiProblem.badField(field, "element " + i + " is not a string");
            }
            out.add(v.get(i).textValue());
        }
        return out;
    }

    private static List<String> sorted(Set<String> names) {
        List<String> list = new ArrayList<>(names);
        list.sort(null);
        return list;
    }
}
