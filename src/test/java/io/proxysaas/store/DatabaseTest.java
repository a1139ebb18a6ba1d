package io.proxysaas.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatabaseTest {

    static TestDatabase db;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void should_migrate_schema_and_seed_four_plans() throws Exception {
        List<String> plans = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, threads, price_cents FROM plans ORDER BY price_cents")) {
            while (rs.next()) {
                plans.add(rs.getString(1) + ":" + rs.getInt(2) + ":" + rs.getLong(3));
            }
        }
        assertThat(plans).containsExactly("Basic:10:1000", "Pro:50:5000", "Enterprise:200:20000", "Custom:0:50000");
    }

    @Test
    void should_run_migrations_idempotently_on_a_second_connect() {
        try (Database again = Database.connect(db.url(), db.user(), db.password(), 1)) {
            assertThat(again.url()).isEqualTo(db.url());
        }
    }

    @Test
    void should_name_the_url_but_not_the_password_when_it_cannot_connect() {
        String url = "jdbc:mariadb://127.0.0.1:1/nothing?connectTimeout=500";
        assertThatThrownBy(() -> Database.connect(url, "nobody", "s3cret-pw", 1))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(url)
                .hasMessageNotContaining("s3cret-pw");
    }
}
