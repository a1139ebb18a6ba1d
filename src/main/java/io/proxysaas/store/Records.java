package io.proxysaas.store;

import io.proxysaas.customer.CustomerRepository;
import io.proxysaas.customer.PlanRepository;
import io.proxysaas.security.AdminTokenRepository;
import java.time.Clock;
import javax.sql.DataSource;

/** The repositories of the system of record on one DataSource (the public way to get them). */
public final class Records {

    private final JdbcPlanRepository plans;
    private final JdbcCustomerRepository customers;
    private final JdbcAdminTokenRepository adminTokens;
    private final JdbcAuditTrail audit;

    public Records(DataSource dataSource, Clock clock) {
        this.plans = new JdbcPlanRepository(dataSource, clock);
        this.customers = new JdbcCustomerRepository(dataSource, clock, plans);
        this.adminTokens = new JdbcAdminTokenRepository(dataSource, clock);
        this.audit = new JdbcAuditTrail(dataSource, clock);
    }

    public PlanRepository plans() {
        return plans;
    }

    /** Also the {@link io.proxysaas.customer.CustomerRecords} the hot state loads at start. */
    public CustomerRepository customers() {
        return customers;
    }

    public AdminTokenRepository adminTokens() {
        return adminTokens;
    }

    public AuditTrail audit() {
        return audit;
    }
}
