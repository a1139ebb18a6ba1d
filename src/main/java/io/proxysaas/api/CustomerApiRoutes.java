package io.proxysaas.api;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

/** platform-http routes of the customer API (SPEC §6); the answers come from {@link CustomerApiHandler}. */
final class CustomerApiRoutes extends RouteBuilder {

    private final CustomerApiHandler handler;
    private final ApiIpGate ipGate;

    CustomerApiRoutes(CustomerApiHandler handler) {
        this(handler, ApiIpGate.OPEN);
    }

    CustomerApiRoutes(CustomerApiHandler handler, ApiIpGate ipGate) {
        this.handler = handler;
        this.ipGate = ipGate;
    }

    @Override
    public void configure() {
        from("platform-http:/api/proxies.php?httpMethodRestrict=GET").routeId("customer-proxies-php")
                .process(e -> write(e, gated(e, () -> handler.proxies(apiKey(e), e.getMessage().getHeader("format", String.class)))));
        from("platform-http:/api/v1/proxies?httpMethodRestrict=GET").routeId("customer-proxies")
                .process(e -> write(e, gated(e, () -> handler.proxies(apiKey(e), e.getMessage().getHeader("format", String.class)))));
        from("platform-http:/api/v1/me?httpMethodRestrict=GET").routeId("customer-me")
                .process(e -> write(e, gated(e, () -> handler.me(apiKey(e)))));
    }

    /** A banned or blocked client IP is refused first; a wrong API key counts towards a brute-force block. */
    private CustomerApiReply gated(Exchange exchange, java.util.function.Supplier<CustomerApiReply> answer) {
        ApiProblem refused = ipGate.refusal(exchange.getMessage());
        if (refused != null) {
            return CustomerApiHandler.error(refused.status(), refused.code(), refused.getMessage(), null);
        }
        String key = apiKey(exchange);
        CustomerApiReply reply = answer.get();
        if (reply.status() == 401 && key != null && !key.isBlank()) {
            ipGate.failed(exchange.getMessage());
        }
        return reply;
    }

    /** The {@code X-API-Key} header, else the {@code key} query parameter. */
    private static String apiKey(Exchange exchange) {
        String header = exchange.getMessage().getHeader("X-API-Key", String.class);
        return header != null && !header.isBlank() ? header : exchange.getMessage().getHeader("key", String.class);
    }

    /** Replaces the whole message: request headers (the API key among them) must not echo back. */
    static void write(Exchange exchange, CustomerApiReply reply) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        out.setHeader(Exchange.CONTENT_TYPE, reply.contentType());
        out.setHeader("Cache-Control", "no-store");
        out.setBody(reply.body());
    }
}
