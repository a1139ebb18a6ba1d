package io.proxysaas.api;

import io.proxysaas.customer.RecordException;
import io.proxysaas.store.StoreException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any exception of an admin API call into the JSON error answer of SPEC §6: refusals keep
 * their status and field; a database outage is 503; anything unexpected is logged and answered
 * 500 with a generic message (never details of the failure).
 */
final class ApiErrorMapper implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrorMapper.class);

    @Override
    public void process(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        var message = exchange.getMessage();
        if (e instanceof ApiProblem p) {
            ApiResponseWriter.error(message, p.status(), p.code(), p.getMessage(), p.field());
        } else if (e instanceof RecordException r) {
            switch (r.kind()) {
                case NOT_FOUND -> ApiResponseWriter.error(message, 404, "not_found", r.getMessage(), r.field());
                case CONFLICT -> ApiResponseWriter.error(message, 409, "conflict", r.getMessage(), r.field());
                case INVALID -> ApiResponseWriter.error(message, 400, "invalid", r.getMessage(), r.field());
            }
        } else if (e instanceof StoreException) {
            LOG.error("Admin API call {} failed on the database", exchange.getFromRouteId(), e);
            ApiResponseWriter.error(message, 503, "unavailable", "the database is unavailable; retry later", null);
        } else {
            LOG.error("Admin API call {} failed unexpectedly", exchange.getFromRouteId(), e);
            ApiResponseWriter.error(message, 500, "internal", "internal error; see the server log", null);
        }
    }
}
