package io.proxysaas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** application.properties before Camel: system property, then the file with env placeholders filled in. */
class BootPropertiesTest {

    private static BootProperties boot(String file, Map<String, String> env, Map<String, String> sys) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(file));
        return new BootProperties(p, env::get, sys::get);
    }

    @Test
    void should_fill_env_placeholders_and_fall_back_to_their_defaults() throws Exception {
        BootProperties b = boot("""
                pool.file = {{env:POOL_FILE:./proxy.txt}}
                pool.port-base = {{env:PORT_BASE:4000}}
                pool.bind = {{env:PORT_BIND:0.0.0.0}}
                plain = 42
                empty.default = {{env:NOPE:}}
                joined = {{env:HOST:h}}:{{env:PORT:1}}
                """, Map.of("PORT_BASE", "25000", "PORT", "99"), Map.of());
        assertThat(b.resolve("pool.file")).contains("./proxy.txt");
        assertThat(b.resolve("pool.port-base")).contains("25000");
        assertThat(b.resolve("pool.bind")).contains("0.0.0.0");
        assertThat(b.resolve("plain")).contains("42");
        assertThat(b.resolve("empty.default")).contains("");
        assertThat(b.resolve("joined")).contains("h:99");
        assertThat(b.resolve("absent")).isEmpty();
    }

    @Test
    void should_let_a_system_property_win_over_the_file_and_the_environment() throws Exception {
        BootProperties b = boot("pool.bind = {{env:PORT_BIND:0.0.0.0}}\n",
                Map.of("PORT_BIND", "10.0.0.1"), Map.of("pool.bind", "127.0.0.1", "only.sys", "x"));
        assertThat(b.resolve("pool.bind")).contains("127.0.0.1");
        assertThat(b.resolve("only.sys")).contains("x");
    }

    @Test
    void should_take_replacement_text_literally() throws Exception {
        BootProperties b = boot("pool.file = {{env:POOL_FILE:./proxy.txt}}\n", Map.of("POOL_FILE", "/srv/$1\\pool.txt"), Map.of());
        assertThat(b.resolve("pool.file")).contains("/srv/$1\\pool.txt");
    }

    @Test
    void should_refuse_placeholders_it_cannot_resolve_naming_the_property() throws Exception {
        BootProperties b = boot("""
                other.function = {{sys:user.home}}
                nested = {{env:A:{{env:B:x}}}}
                unterminated = {{env:POOL_FILE:./proxy.txt
                required = {{env:MUST_BE_SET}}
                """, Map.of(), Map.of());
        assertThatThrownBy(() -> b.resolve("other.function")).isInstanceOf(BootProperties.Unresolvable.class)
                .hasMessageContaining("other.function").hasMessageContaining("{{sys:user.home}}");
        assertThatThrownBy(() -> b.resolve("nested")).isInstanceOf(BootProperties.Unresolvable.class)
                .hasMessageContaining("nested");
        assertThatThrownBy(() -> b.resolve("unterminated")).isInstanceOf(BootProperties.Unresolvable.class)
                .hasMessageContaining("unterminated");
        assertThatThrownBy(() -> b.resolve("required")).isInstanceOf(BootProperties.Unresolvable.class)
                .hasMessageContaining("MUST_BE_SET is not set");
    }

    @Test
    void should_read_the_shipped_file_as_typed_settings() {
        // the keys the process-start listening needs, at their shipped defaults unless this JVM's environment sets them
        Settings s = BootProperties.settings();
        String base = System.getenv("PORT_BASE");
        assertThat(s.integer("pool.port-base", -1)).isEqualTo(base == null ? 4000 : Integer.parseInt(base.trim()));
        assertThat(s.optional("relay.native-transport")).contains("true");
        assertThat(s.optional("pool.file")).isPresent();
    }
}
