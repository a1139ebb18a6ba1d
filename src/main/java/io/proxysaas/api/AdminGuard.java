package io.proxysaas.api;

import io.proxysaas.security.AdminToken;
import io.proxysaas.security.AdminTokenService;
import io.vertx.core.net.SocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The checks every admin call passes before its endpoint runs, in this order: bearer token (401),
 * body size (413, before any parsing), JSON content type on a body-carrying verb (415). Replaces
 * the body with an {@link AdminRequest}.
 */
final class AdminGuard implements Processor {

    static final String REMOTE_ADDRESS = "CamelVertxPlatformHttpRemoteAddress";

    private final AdminTokenService tokens;
    private final long maxBodyBytes;
    private final List<String> pathParams;
    private final ApiIpGate ipGate;

    AdminGuard(AdminTokenService tokens, long maxBodyBytes, List<String> pathParams) {
        this(tokens, maxBodyBytes, pathParams, ApiIpGate.OPEN);
    }

    AdminGuard(AdminTokenService tokens, long maxBodyBytes, List<String> pathParams, ApiIpGate ipGate) {
        this.tokens = tokens;
        this.maxBodyBytes = maxBodyBytes;
        this.pathParams = List.copyOf(pathParams);
        this.ipGate = ipGate;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        ApiProblem refused = ipGate.refusal(in);
        if (refused != null) {
            throw refused;
        }
        AdminToken token;
        try {
            token = authenticate(in.getHeader("Authorization", String.class));
        } catch (ApiProblem unauthorized) {
            if (in.getHeader("Authorization") != null) {
                ipGate.failed(in); // a wrong token is a guess; a missing one is not
            }
            throw unauthorized;
        }
        long declared = in.getHeader("Content-Length", -1L, Long.class);
        if (declared > maxBodyBytes) {
            throw tooLarge(declared);
        }
        byte[] body = in.getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        if (body.length > maxBodyBytes) {
            throw tooLarge(body.length);
        }
        String method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class).toUpperCase(Locale.ROOT);
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        boolean sendsBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        if (sendsBody && (body.length > 0 || contentType != null) && !isJson(contentType)) {
            throw new ApiProblem(415, "unsupported_media_type", null,
                    "Content-Type must be application/json, got " + (contentType == null ? "none" : "'" + contentType + "'"));
        }
        Map<String, String> params = new HashMap<>();
        for (String name : pathParams) {
            String value = in.getHeader(name, String.class);
            if (value != null) { // an absent query parameter (e.g. ?ip=) is the endpoint's 400 to give
                params.put(name, value);
            }
        }
        exchange.getMessage().setBody(new AdminRequest(token.name(), clientIp(in), params, body));
    }

    private AdminToken authenticate(String authorization) {
        Optional<AdminToken> token = Optional.empty();
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = tokens.authenticate(authorization.substring(7).trim());
        }
        return token.orElseThrow(() -> new ApiProblem(401, "unauthorized", null,
                authorization == null ? "missing Authorization: Bearer <token>" : "invalid admin token"));
    }

    private ApiProblem tooLarge(long size) {
        return new ApiProblem(413, "payload_too_large", "body",
                "body of " + size + " bytes exceeds the limit of " + maxBodyBytes + " bytes (api.max-body-bytes)");
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mime = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json"));
    }

    static String clientIp(Message in) {
        Object remote = in.getHeader(REMOTE_ADDRESS);
        if (remote instanceof SocketAddress address) {
            return address.hostAddress();
        }
        return remote == null ? null : remote.toString();
    }
}
