package io.proxysaas.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PoolParserTest {

    private final PoolParser parser = new PoolParser();

    private PoolFile parse(String text) {
        return parser.parse(text, 4000);
    }

    private static Upstream only(PoolFile file) {
        assertThat(file.problems()).isEmpty();
        assertThat(file.entries()).hasSize(1);
        return file.entries().get(0).upstream();
    }

    @Test
    void should_parse_http_with_auth_as_default_scheme() {
        Upstream u = only(parse("user:pass@proxy.example.com:3128"));
        assertThat(u).isEqualTo(new Upstream(UpstreamScheme.HTTP, "proxy.example.com", 3128, "user", "pass"));
    }

    @Test
    void should_parse_every_valid_form() {
        assertThat(only(parse("http://u:p@10.0.0.1:8080"))).isEqualTo(new Upstream(UpstreamScheme.HTTP, "10.0.0.1", 8080, "u", "p"));
        assertThat(only(parse("HTTP://10.0.0.1:8080"))).isEqualTo(new Upstream(UpstreamScheme.HTTP, "10.0.0.1", 8080, null, null));
        assertThat(only(parse("10.0.0.1:1"))).isEqualTo(new Upstream(UpstreamScheme.HTTP, "10.0.0.1", 1, null, null));
        assertThat(only(parse("socks5://u:p@host-1.example:1080"))).isEqualTo(new Upstream(UpstreamScheme.SOCKS5, "host-1.example", 1080, "u", "p"));
        assertThat(only(parse("socks5://host:65535"))).isEqualTo(new Upstream(UpstreamScheme.SOCKS5, "host", 65535, null, null));
        assertThat(only(parse("u:@h:1")).password()).isEmpty();
    }

    @Test
    void should_split_user_at_first_colon_and_host_at_last_at_sign() {
        Upstream u = only(parse("http://alice:pa:ss@w@rd:@h.example:8080"));
        assertThat(u.username()).isEqualTo("alice");
        assertThat(u.password()).isEqualTo("pa:ss@w@rd:");
        assertThat(u.host()).isEqualTo("h.example");
    }

    @Test
    void should_decode_percent_encoded_user_and_password() {
        Upstream u = only(parse("http://us%40er:p%3Aa%25ss%20%E2%82%AC+@h:80"));
        assertThat(u.username()).isEqualTo("us@er");
        assertThat(u.password()).isEqualTo("p:a%ss €+");
    }

    @Test
    void should_parse_ipv6_hosts_in_brackets() {
        assertThat(only(parse("http://u:p@[2001:db8::1]:8080")).host()).isEqualTo("2001:db8::1");
        assertThat(only(parse("[::1]:3128")).host()).isEqualTo("::1");
        assertThat(only(parse("socks5://[::ffff:192.0.2.1]:1080")).host()).isEqualTo("::ffff:192.0.2.1");
        assertThat(only(parse("[1:2:3:4:5:6:7:8]:1")).host()).isEqualTo("1:2:3:4:5:6:7:8");
    }

    @Test
    void should_give_consecutive_ports_skipping_comments_and_blank_lines() {
        PoolFile file = parse("# header\n\nh1:1\n   \n  # indented comment\nh2:2   # trailing comment\n\th3:3\n");
        assertThat(file.problems()).isEmpty();
        assertThat(file.entries()).extracting(PoolEntry::port).containsExactly(4000, 4001, 4002);
        assertThat(file.entries()).extracting(PoolEntry::line).containsExactly(3, 6, 7);
        assertThat(file.entries()).extracting(e -> e.upstream().host()).containsExactly("h1", "h2", "h3");
    }

    @Test
    void should_keep_hash_inside_password_when_not_after_whitespace() {
        assertThat(only(parse("u:pa#ss@h:1 # note")).password()).isEqualTo("pa#ss");
    }

    @Test
    void should_continue_numbering_after_a_pinned_port() {
        PoolFile file = parse("h1:1\n4005 http://u:p@h2:2\nh3:3\n4001\th4:4\nh5:5");
        assertThat(file.problems()).isEmpty();
        assertThat(file.entries()).extracting(PoolEntry::port).containsExactly(4000, 4005, 4006, 4001, 4002);
    }

    @Test
    void should_keep_the_slot_of_a_bad_line_so_other_ports_never_shift() {
        PoolFile file = parse("h1:1\nh2:notaport\nh3:3");
        assertThat(file.entries()).extracting(PoolEntry::port).containsExactly(4000, 4002);
        assertThat(file.problems()).singleElement().hasToString("proxy.txt line 2: bad port 'notaport' (expected 1-65535); port 4001 left unbound");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "host                 | missing port",
        "host:               | missing port",
        "ftp://h:1            | unsupported scheme 'ftp' (use http or socks5)",
        "socks4://h:1         | unsupported scheme 'socks4' (use http or socks5)",
        "://h:1               | empty scheme before '://' (use http or socks5)",
        "user@h:1             | missing password (expected user:pass@host:port)",
        ":pass@h:1            | empty username before ':'",
        "u:p@:1               | missing host",
        "u:p@h:0              | port 0 out of range 1-65535",
        "u:p@h:65536          | port 65536 out of range 1-65535",
        "u:p@h:123456         | bad port '123456' (expected 1-65535)",
        "u:p@h:-1             | bad port '-1' (expected 1-65535)",
        "u:p%zz@h:1           | bad percent-encoding in password at character 2 (expected %XX with two hex digits)",
        "u%4:p@h:1            | bad percent-encoding in username at character 2 (expected %XX with two hex digits)",
        "u:p%ff@h:1           | percent-encoded password is not valid UTF-8",
        "2001:db8::1:80       | IPv6 host must be written in brackets, like [2001:db8::1]:8080",
        "[2001:db8::1:80      | unclosed '[' in IPv6 host",
        "[2001:db8::1]        | missing port after [2001:db8::1]",
        "[2001:db8:::1]:80    | bad IPv6 address [2001:db8:::1]",
        "[1:2:3:4:5:6:7:8:9]:1 | bad IPv6 address [1:2:3:4:5:6:7:8:9]",
        "[fe80::1%eth0]:1     | bad IPv6 address [fe80::1%eth0]",
        "h/x:1                | bad character '/' in host",
        "http://h:1/          | bad port '1/' (expected 1-65535)",
        "a b c                | expected [local-port] [scheme://][user:pass@]host:port, found 3 fields separated by spaces",
        "x h:1                | expected a local port number before the upstream, found 2 fields",
        "70000 h:1            | pinned port 70000 out of range 1-65535",
        "0 h:1                | pinned port 0 out of range 1-65535",
        "4005                 | pinned port 4005 without an upstream",
    })
    void should_report_malformed_line_with_its_number(String bad, String reason) {
        PoolFile file = parse("good:1\n# comment\n" + bad + "\ngood:3");
        assertThat(file.entries()).extracting(PoolEntry::line).containsExactly(1, 4);
        assertThat(file.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.reason()).startsWith(reason);
            assertThat(p.toString()).startsWith("proxy.txt line 3: " + reason);
        });
    }

    @Test
    void should_report_a_duplicate_upstream_and_bind_both() {
        PoolFile file = parse("u:secret@h:1\nother:2\nu:secret@h:1");
        assertThat(file.entries()).extracting(PoolEntry::port).containsExactly(4000, 4001, 4002);
        assertThat(file.problems()).singleElement().hasToString(
                "proxy.txt line 3: duplicate of line 1 (http://u@h:1); both ports are bound");
    }

    @Test
    void should_refuse_a_second_line_claiming_the_same_local_port() {
        PoolFile file = parse("h1:1\nh2:2\n4001 h3:3\nh4:4");
        assertThat(file.entries()).extracting(PoolEntry::port).containsExactly(4000, 4001, 4002);
        assertThat(file.entries()).extracting(PoolEntry::line).containsExactly(1, 2, 4);
        assertThat(file.problems()).singleElement().hasToString("proxy.txt line 3: local port 4001 is already taken by an earlier line");
    }

    @Test
    void should_refuse_local_ports_above_65535() {
        PoolFile file = parser.parse("h1:1\nh2:2\nh3:3", 65534);
        assertThat(file.entries()).extracting(PoolEntry::port).containsExactly(65534, 65535);
        assertThat(file.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.reason()).startsWith("local port 65536 is above 65535");
        });
    }

    @Test
    void should_tolerate_bom_and_crlf() {
        PoolFile file = parse("\uFEFFu:p@h1:1\r\n# c\r\nh2:2\r\n");
        assertThat(file.problems()).isEmpty();
        assertThat(file.entries()).extracting(e -> e.upstream().password()).containsExactly("p", null);
        assertThat(file.entries()).extracting(e -> e.upstream().port()).containsExactly(1, 2);
    }

    @Test
    void should_report_nul_bytes_and_invalid_utf8_without_crashing() {
        PoolFile file = parse("h1:1\nu:p\0ss@h:1\n\0\0\0\nh\uFFFD:1\nh5:5");
        assertThat(file.entries()).extracting(PoolEntry::port).containsExactly(4000, 4004);
        assertThat(file.problems()).extracting(PoolProblem::line).containsExactly(2, 3, 4);
        assertThat(file.problems().get(0).reason()).startsWith("control character \\x00 at column 4");
        assertThat(file.problems().get(2).reason()).startsWith("invalid UTF-8 at column 2");
    }

    @Test
    void should_report_a_one_mebibyte_line_and_keep_its_slot() {
        String huge = "u:" + "x".repeat(1 << 20) + "@h:1";
        PoolFile file = parse("h1:1\n" + huge + "\nh3:3");
        assertThat(file.entries()).extracting(PoolEntry::port).containsExactly(4000, 4002);
        assertThat(file.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.reason()).startsWith("line is 1048582 characters long (at most 4096)");
            assertThat(p.toString()).hasSizeLessThan(200);
        });
    }

    @Test
    void should_survive_100k_lines_and_report_those_beyond_the_last_port() {
        String text = IntStream.range(0, 100_000).mapToObj(i -> "u" + i + ":p@h:" + (i % 65535 + 1))
                .collect(Collectors.joining("\n"));
        long start = System.nanoTime();
        PoolFile file = parser.parse(text, 1);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(file.entries()).hasSize(65535);
        assertThat(file.problems()).hasSize(100_000 - 65535);
        assertThat(file.problems().get(0)).hasToString(
                "proxy.txt line 65536: local port 65536 is above 65535 (too many lines after port base 1 or the last pinned port)");
        assertThat(ms).as("parse time of 100k lines").isLessThan(10_000);
    }

    @Test
    void should_never_put_a_password_in_a_problem() {
        PoolFile file = parse("u:hunter2@h:1\nu:hunter2@h:1\nu:hunter2@h:99999\nftp://u:hunter2@h:1\nu:hunter2@bad host:1");
        assertThat(file.problems()).hasSize(4);
        assertThat(file.problems()).allSatisfy(p -> assertThat(p.toString()).doesNotContain("hunter2"));
    }

    @Test
    void should_treat_empty_and_comment_only_text_as_an_empty_pool() {
        assertThat(parse("").entries()).isEmpty();
        assertThat(parse("\n\n# only comments\n").problems()).isEmpty();
        assertThat(List.of(parse("   ").entries().size(), parse("\uFEFF").problems().size())).containsOnly(0);
    }
}
