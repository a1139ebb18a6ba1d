package io.proxysaas.api;

import org.apache.camel.builder.RouteConfigurationBuilder;

/** The one place admin API errors are mapped to HTTP answers: the route configuration every admin route uses. */
final class AdminApiErrors extends RouteConfigurationBuilder {

    static final String ID = "admin-api-errors";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(Throwable.class)
                .handled(true)
                .process(new ApiErrorMapper());
    }
}
