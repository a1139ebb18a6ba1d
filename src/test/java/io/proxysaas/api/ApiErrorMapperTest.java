package io.proxysaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxysaas.customer.RecordException;
import io.proxysaas.store.StoreException;
import java.sql.SQLException;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Exception -> HTTP answer mapping, including the generic 500 that hides what went wrong. */
class ApiErrorMapperTest {

    static Exchange mapped(Throwable e) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("Authorization", "Bearer secret-token");
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, e);
        new ApiErrorMapper().process(exchange);
        return exchange;
    }

    static int status(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
    }

    @Test
    void should_answer_500_with_a_generic_message_for_unexpected_errors() {
        Exchange e = mapped(new NullPointerException("internal detail at Foo.java:42"));

        assertThat(status(e)).isEqualTo(500);
        assertThat(e.getMessage().getBody(String.class)).contains("\"error\":\"internal\"").doesNotContain("Foo.java");
        assertThat(e.getMessage().getHeader("Authorization")).isNull();
    }

    @Test
    void should_answer_503_when_the_database_is_down() {
        Exchange e = mapped(new StoreException("listing plans failed: connection refused", new SQLException("x")));

        assertThat(status(e)).isEqualTo(503);
        assertThat(e.getMessage().getBody(String.class)).contains("unavailable").doesNotContain("connection refused");
    }

    @Test
    void should_map_record_refusals_to_404_409_400_with_the_field() {
        assertThat(status(mapped(RecordException.notFound("customer", "x")))).isEqualTo(404);
        assertThat(status(mapped(RecordException.conflict("ips", "ips: taken")))).isEqualTo(409);
        Exchange invalid = mapped(RecordException.invalid("plan", "no plan named 'Gold'"));
        assertThat(status(invalid)).isEqualTo(400);
        assertThat(invalid.getMessage().getBody(String.class)).contains("\"field\":\"plan\"");
    }
}
