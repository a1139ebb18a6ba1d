package io.proxysaas.api;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerService;
import io.proxysaas.customer.IssuedCustomer;

/**
 * The customer verbs of the admin API ({@code /api/admin/customers}); secrets appear only in the
 * create and rotation answers, and every change is recorded in the audit log.
 */
public class CustomerEndpoints {

    private final CustomerService customers;
    private final AdminAudit audit;

    CustomerEndpoints(CustomerService customers, AdminAudit audit) {
        this.customers = customers;
        this.audit = audit;
    }

    public ApiResponse list(AdminRequest request) {
        return ApiResponse.ok(customers.list().stream().map(CustomerJson::view).toList());
    }

    public ApiResponse get(AdminRequest request) {
        return ApiResponse.ok(CustomerJson.view(customers.get(request.param("username"))));
    }

    public ApiResponse create(AdminRequest request) {
        IssuedCustomer issued = customers.create(CustomerJson.readNew(request.body()));
        audit.record(request, "customer.create", issued.customer().username(), null,
                CustomerJson.view(issued.customer()));
        return ApiResponse.created(CustomerJson.issued(issued));
    }

    public ApiResponse patch(AdminRequest request) {
        String username = request.param("username");
        var patch = CustomerJson.readPatch(request.body(), username);
        Customer before = customers.get(username);
        Customer after = customers.update(username, patch);
        audit.record(request, "customer.update", username, CustomerJson.view(before), CustomerJson.view(after));
        return ApiResponse.ok(CustomerJson.view(after));
    }

    public ApiResponse delete(AdminRequest request) {
        String username = request.param("username");
        Customer before = customers.get(username);
        customers.delete(username);
        audit.record(request, "customer.delete", username, CustomerJson.view(before), null);
        return ApiResponse.noContent();
    }

    public ApiResponse rotatePassword(AdminRequest request) {
        IssuedCustomer issued = customers.rotatePassword(request.param("username"));
        audit.record(request, "customer.password.rotate", issued.customer().username(), null, null);
        return ApiResponse.ok(CustomerJson.issued(issued));
    }

    public ApiResponse rotateApiKey(AdminRequest request) {
        IssuedCustomer issued = customers.rotateApiKey(request.param("username"));
        audit.record(request, "customer.api_key.rotate", issued.customer().username(), null, null);
        return ApiResponse.ok(CustomerJson.issued(issued));
    }
}
