package io.proxysaas.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What the usage tests read back, whether the product runs in the test's JVM or as a process: the
 * admin API (through whichever client, {@link Admin}) and the {@code usage_current} row in MariaDB.
 */
final class UsageChecks {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An admin API call with the bootstrap token ({@code RunningGateway::admin}, {@code ProductProcess::admin}). */
    @FunctionalInterface
    interface Admin {
        HttpResponse<String> call(String method, String path, String json) throws Exception;
    }

    private UsageChecks() {
    }

    /** Creates a customer through the admin API; answers the issued fields (password, api_key). */
    static Map<String, Object> createCustomer(Admin admin, String username, String plan) throws Exception {
        HttpResponse<String> r = admin.call("POST", "/api/admin/customers",
                JSON.writeValueAsString(Map.of("username", username, "plan", plan)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r.body());
    }

    /** {@code GET /api/admin/usage/{user}}, which must answer 200. */
    static Map<String, Object> usage(Admin admin, String user) throws Exception {
        HttpResponse<String> r = admin.call("GET", "/api/admin/usage/" + user, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String body) throws Exception {
        return JSON.readValue(body, Map.class);
    }

    static long number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }

    /** The customer's {@code usage_current} row: period, bytes in, bytes out, connections; empty when there is none. */
    static List<Object> stored(DataSource db, String user) throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT period, bytes_in, bytes_out, connections FROM usage_current WHERE username = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                List<Object> row = new ArrayList<>();
                if (rs.next()) {
                    row.add(rs.getString(1));
                    row.add(rs.getLong(2));
                    row.add(rs.getLong(3));
                    row.add(rs.getLong(4));
                }
                return row;
            }
        }
    }
}
