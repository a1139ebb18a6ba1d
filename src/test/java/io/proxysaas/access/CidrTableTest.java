package io.proxysaas.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CidrTableTest {

    private final CidrTable<String> table = new CidrTable<>();

    @Test
    void should_let_the_most_specific_ipv4_prefix_win() throws Exception {
        table.put(CidrBlock.parse("10.0.0.0/8"), "wide");
        table.put(CidrBlock.parse("10.1.2.0/24"), "narrow");
        table.put(CidrBlock.parse("10.1.2.3"), "single");

        assertThat(table.lookup(ip("10.1.2.3"))).contains("single");
        assertThat(table.lookup(ip("10.1.2.4"))).contains("narrow");
        assertThat(table.lookup(ip("10.200.0.1"))).contains("wide");
        assertThat(table.lookup(ip("11.0.0.1"))).isEmpty();
    }

    @Test
    void should_match_odd_prefix_lengths_at_their_edges() throws Exception {
        table.put(CidrBlock.parse("192.168.4.0/22"), "a");

        assertThat(table.lookup(ip("192.168.4.0"))).contains("a");
        assertThat(table.lookup(ip("192.168.7.255"))).contains("a");
        assertThat(table.lookup(ip("192.168.8.0"))).isEmpty();
        assertThat(table.lookup(ip("192.168.3.255"))).isEmpty();
    }

    @Test
    void should_let_the_most_specific_ipv6_prefix_win() throws Exception {
        table.put(CidrBlock.parse("2001:db8::/32"), "wide");
        table.put(CidrBlock.parse("2001:db8:1:2::/64"), "net");
        table.put(CidrBlock.parse("2001:db8:1:2::7/127"), "pair");
        table.put(CidrBlock.parse("2001:db8:1:2::9"), "single");

        assertThat(table.lookup(ip("2001:db8:1:2::9"))).contains("single");
        assertThat(table.lookup(ip("2001:db8:1:2::6"))).contains("pair");
        assertThat(table.lookup(ip("2001:db8:1:2::7"))).contains("pair");
        assertThat(table.lookup(ip("2001:db8:1:2::8"))).contains("net");
        assertThat(table.lookup(ip("2001:db8:ffff::1"))).contains("wide");
        assertThat(table.lookup(ip("2001:db9::1"))).isEmpty();
    }

    @Test
    void should_be_empty_until_a_block_of_either_family_is_put_and_after_it_is_removed() {
        assertThat(table.isEmpty()).isTrue();
        table.put(CidrBlock.parse("2001:db8::/32"), "v6");
        assertThat(table.isEmpty()).isFalse();
        table.put(CidrBlock.parse("10.0.0.0/8"), "v4");
        table.remove(CidrBlock.parse("2001:db8::/32"));
        assertThat(table.isEmpty()).isFalse();
        table.remove(CidrBlock.parse("10.0.0.0/8"));
        assertThat(table.isEmpty()).isTrue();
        assertThat(table.size()).isZero();
    }

    @Test
    void should_keep_ipv4_and_ipv6_apart() throws Exception {
        table.put(CidrBlock.parse("10.0.0.0/8"), "v4");

        assertThat(table.lookup(ip("a00::1"))).isEmpty();
        assertThat(table.lookup(ip("::ffff:10.0.0.1"))).as("an IPv4-mapped address is IPv4 in Java").contains("v4");
    }

    @Test
    void should_fall_back_to_the_wider_block_after_removal() throws Exception {
        CidrBlock narrow = CidrBlock.parse("10.1.2.0/24");
        table.put(CidrBlock.parse("10.0.0.0/8"), "wide");
        table.put(narrow, "narrow");

        assertThat(table.remove(narrow)).isTrue();
        assertThat(table.remove(narrow)).isFalse();
        assertThat(table.lookup(ip("10.1.2.3"))).contains("wide");
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void should_remove_a_block_only_for_its_current_owner() throws Exception {
        CidrBlock block = CidrBlock.parse("1.2.3.0/24");
        table.put(block, "bob");

        assertThat(table.remove(block, "alice")).isFalse();
        assertThat(table.lookup(ip("1.2.3.4"))).contains("bob");
        assertThat(table.remove(block, "bob")).isTrue();
        assertThat(table.lookup(ip("1.2.3.4"))).isEmpty();
    }

    @Test
    void should_replace_the_value_of_an_existing_block() throws Exception {
        table.put(CidrBlock.parse("1.2.3.4"), "old");

        assertThat(table.put(CidrBlock.parse("1.2.3.4/32"), "new")).isEqualTo("old");
        assertThat(table.lookup(ip("1.2.3.4"))).contains("new");
    }

    @Test
    void should_find_each_of_many_single_addresses() throws Exception {
        IntStream.range(0, 5000).forEach(i ->
                table.put(CidrBlock.parse("10." + (i >> 8) + "." + (i & 0xFF) + ".1"), "c" + i));

        assertThat(table.lookup(ip("10.19.135.1"))).contains("c" + (19 * 256 + 135));
        assertThat(table.lookup(ip("10.19.135.2"))).isEmpty();
        assertThat(table.size()).isEqualTo(5000);
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }
}
