package io.proxysaas.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerRecords;
import io.proxysaas.customer.CustomerStatus;
import io.proxysaas.customer.Plan;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real Hazelcast members in this JVM, joined over TCP on loopback. */
class HazelcastCustomerDirectoryTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Plan BASIC = new Plan("basic", 10, 0, 0, 0, 0, 0, 1L << 30, 30, 1000);

    private static HazelcastNode nodeA;
    private static HazelcastNode nodeB;
    private static HazelcastCustomerDirectory a;
    private static HazelcastCustomerDirectory b;

    @BeforeAll
    static void startTwoMembers(@TempDir Path dir) throws Exception {
        String cluster = "dir-test-" + UUID.randomUUID();
        nodeA = HazelcastNode.start(write(dir, "a.yaml", cluster, "").toString(), "unused");
        int portA = nodeA.instance().getCluster().getLocalMember().getAddress().getPort();
        nodeB = HazelcastNode.start(write(dir, "b.yaml", cluster, "127.0.0.1:" + portA).toString(), "unused");
        await().atMost(Duration.ofSeconds(30)).until(() -> nodeA.instance().getCluster().getMembers().size() == 2);

        a = new HazelcastCustomerDirectory(nodeA.instance());
        a.start(records(List.of(BASIC), List.of(customer("alice", "h-alice", "10.0.0.0/8"))));
        b = new HazelcastCustomerDirectory(nodeB.instance());
        b.start(records(List.of(), List.of()));
    }

    @AfterAll
    static void stopMembers() {
        for (HazelcastCustomerDirectory d : new HazelcastCustomerDirectory[] {a, b}) {
            if (d != null) {
                d.close();
            }
        }
        for (HazelcastNode n : new HazelcastNode[] {nodeB, nodeA}) {
            if (n != null) {
                n.stop();
            }
        }
    }

    @Test
    void should_load_plans_and_customers_from_the_records_on_the_first_member() throws Exception {
        assertThat(a.plan("basic")).contains(BASIC);
        assertThat(a.byUsername("alice")).map(Customer::plan).contains("basic");
        assertThat(a.byApiKeyHash("h-alice")).map(Customer::username).contains("alice");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(b.byClientIp(ip("10.20.30.40"))).map(Customer::username).contains("alice");
            assertThat(b.plan("basic")).contains(BASIC);
        });
    }

    @Test
    void should_show_a_change_made_on_one_member_on_the_other() throws Exception {
        b.customerChanged(customer("carol", "h-carol-1", "172.16.0.0/12"));
        await().atMost(Duration.ofSeconds(20)).until(() -> a.byUsername("carol").isPresent());

        a.customerChanged(customer("carol", "h-carol-2", "172.16.5.0/24", "2001:db8::/32"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(b.byApiKeyHash("h-carol-2")).map(Customer::username).contains("carol");
            assertThat(b.byApiKeyHash("h-carol-1")).as("rotated key").isEmpty();
            assertThat(b.byClientIp(ip("172.16.5.9"))).map(Customer::username).contains("carol");
            assertThat(b.byClientIp(ip("172.17.0.1"))).as("dropped CIDR").isEmpty();
            assertThat(b.byClientIp(ip("2001:db8::42"))).map(Customer::username).contains("carol");
        });
    }

    @Test
    void should_let_the_most_specific_whitelist_entry_win_across_customers() throws Exception {
        a.customerChanged(customer("dave", "h-dave", "10.1.2.0/24"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(b.byClientIp(ip("10.1.2.3"))).map(Customer::username).contains("dave");
            assertThat(b.byClientIp(ip("10.1.3.3"))).map(Customer::username).contains("alice");
        });
    }

    @Test
    void should_remove_a_customer_everywhere() throws Exception {
        a.customerChanged(customer("erin", "h-erin", "192.168.77.0/24"));
        await().atMost(Duration.ofSeconds(20)).until(() -> b.byUsername("erin").isPresent());

        b.customerRemoved("erin");

        assertThat(b.byUsername("erin")).as("read your own write").isEmpty();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(a.byUsername("erin")).isEmpty();
            assertThat(a.byApiKeyHash("h-erin")).isEmpty();
            assertThat(a.byClientIp(ip("192.168.77.1"))).isEmpty();
            assertThat(a.customers()).extracting(Customer::username).doesNotContain("erin");
        });
    }

    @Test
    void should_replicate_plan_changes_and_removals() {
        Plan pro = new Plan("pro", 50, 0, 0, 0, 0, 0, 10L << 30, 30, 5000);
        b.planChanged(pro);
        await().atMost(Duration.ofSeconds(20)).until(() -> a.plan("pro").isPresent());

        a.planRemoved("pro");

        await().atMost(Duration.ofSeconds(20)).until(() -> b.plan("pro").isEmpty());
        assertThat(b.plans()).extracting(Plan::name).contains("basic");
    }

    static Customer customer(String username, String apiKeyHash, String... ips) {
        return new Customer(username, "pbkdf2$x", apiKeyHash, "basic", T0.plusSeconds(86_400 * 30),
                CustomerStatus.ACTIVE, null, null, List.of(ips), null, T0);
    }

    private static CustomerRecords records(List<Plan> plans, List<Customer> customers) {
        return new CustomerRecords() {
            @Override
            public List<Plan> allPlans() {
                return plans;
            }

            @Override
            public List<Customer> allCustomers() {
                return customers;
            }
        };
    }

    private static Path write(Path dir, String name, String cluster, String member) throws Exception {
        String yaml = """
                hazelcast:
                  cluster-name: %s
                  properties:
                    hazelcast.wait.seconds.before.join: 0
                    hazelcast.max.wait.seconds.before.join: 0
                    hazelcast.socket.bind.any: false
                  network:
                    port:
                      port: 5701
                      auto-increment: true
                    interfaces:
                      enabled: true
                      interfaces:
                        - 127.0.0.1
                    join:
                      auto-detection:
                        enabled: false
                      multicast:
                        enabled: false
                      tcp-ip:
                        enabled: true
                        connection-timeout-seconds: 1
                        member-list: [%s]
                """.formatted(cluster, member);
        return Files.writeString(dir.resolve(name), yaml);
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

}
