package io.proxysaas.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class HmacSha256Test {

    private final Random random = new Random(42);

    @Test
    void should_equal_the_jdk_hmac_for_every_key_length_and_message() throws Exception {
        for (int keyLength = 1; keyLength <= 130; keyLength++) {
            byte[] key = bytes(keyLength);
            HmacSha256 ours = new HmacSha256(key);
            Mac jdk = Mac.getInstance("HmacSHA256");
            jdk.init(new SecretKeySpec(key, "HmacSHA256"));
            for (int round = 0; round < 20; round++) {
                byte[] message = bytes(random.nextInt(300));
                ours.update(message, 0, message.length);

                assertThat(ours.doFinal()).as("key %d bytes, message %d bytes", keyLength, message.length)
                        .isEqualTo(jdk.doFinal(message));
            }
        }
    }

    @Test
    void should_hash_pieces_given_one_by_one_as_the_whole_message() throws Exception {
        byte[] key = bytes(32);
        HmacSha256 ours = new HmacSha256(key);
        Mac jdk = Mac.getInstance("HmacSHA256");
        jdk.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] message = bytes(1000);
        for (int cut = 0; cut <= message.length; cut += 37) {
            ours.update(message, 0, cut);
            ours.update(message, cut, message.length - cut);

            assertThat(ours.doFinal()).isEqualTo(jdk.doFinal(message));
        }
    }

    @Test
    void should_hash_an_empty_message() throws Exception {
        byte[] key = bytes(32);
        HmacSha256 ours = new HmacSha256(key);
        Mac jdk = Mac.getInstance("HmacSHA256");
        jdk.init(new SecretKeySpec(key, "HmacSHA256"));

        assertThat(ours.doFinal()).isEqualTo(jdk.doFinal());
        ours.update(new byte[0], 0, 0);
        assertThat(ours.doFinal()).isEqualTo(jdk.doFinal(new byte[0]));
    }

    @Test
    void should_allocate_nothing_per_message() {
        HmacSha256 hmac = new HmacSha256(bytes(32));
        byte[] message = bytes(64);
        Runnable once = () -> {
            hmac.update(message, 0, message.length);
            hmac.doFinal();
        };
        AllocatedBytes.perCall(1000, once);

        assertThat(AllocatedBytes.perCall(10_000, once)).isLessThan(1.0);
    }

    private byte[] bytes(int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }
}
