package io.proxysaas.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Writes an {@link ApiResponse} (or an error) as the HTTP answer. Clears every request header first so
 * nothing the client sent (its Authorization header above all) is echoed back.
 */
final class ApiResponseWriter implements Processor {

    private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        ApiResponse response = exchange.getMessage().getBody(ApiResponse.class);
        write(exchange.getMessage(), response.status(), response.body());
    }

    static void error(Message message, int status, String code, String text, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", text);
        if (field != null) {
            body.put("field", field);
        }
        try {
            write(message, status, body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an error body", e);
        }
        if (status == 401) {
            message.setHeader("WWW-Authenticate", "Bearer realm=\"proxy-saas admin\"");
        }
    }

    private static void write(Message message, int status, Object body) throws JsonProcessingException {
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader("Cache-Control", "no-store");
        if (body == null) {
            message.setBody(null);
            return;
        }
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(MAPPER.writeValueAsString(body));
    }
}
