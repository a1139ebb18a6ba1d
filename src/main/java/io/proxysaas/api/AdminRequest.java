package io.proxysaas.api;

import java.util.Map;

/**
 * One authenticated admin API call as the endpoint beans see it: who (token name), from where,
 * the path parameters and the raw body (already checked for size and content type).
 */
public record AdminRequest(String actor, String clientIp, Map<String, String> pathParams, byte[] body) {

    public AdminRequest {
        pathParams = Map.copyOf(pathParams);
        body = body == null ? new byte[0] : body;
    }

    public String param(String name) {
        String v = pathParams.get(name);
        if (v == null) {
            throw new IllegalStateException("route has no path parameter {" + name + "}");
        }
        return v;
    }

    public boolean hasBody() {
        return body.length > 0;
    }
}
