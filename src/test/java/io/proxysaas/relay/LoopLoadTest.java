package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The placement rule, on numbers: headroom keeps a socket where it was accepted; a busy or crowded loop hands it on. */
class LoopLoadTest {

    @Test
    void should_keep_the_socket_on_an_accepting_loop_with_headroom_even_when_another_is_idler() {
        assertThat(LoopLoad.choose(0, new double[] {0.45, 0.0}, new int[] {150, 0})).isZero();
        assertThat(LoopLoad.choose(1, new double[] {0.0, 0.49}, new int[] {0, 100})).isEqualTo(1);
    }

    @Test
    void should_hand_the_socket_to_the_idlest_loop_when_the_accepting_one_is_busy() {
        assertThat(LoopLoad.choose(0, new double[] {0.9, 0.6, 0.1}, new int[] {10, 10, 10})).isEqualTo(2);
        assertThat(LoopLoad.choose(2, new double[] {0.3, 0.2, LoopLoad.BUSY}, new int[] {0, 0, 0})).isEqualTo(1);
    }

    @Test
    void should_stay_on_a_busy_loop_when_no_other_is_clearly_less_busy() {
        assertThat(LoopLoad.choose(0, new double[] {0.95, 0.8}, new int[] {40, 0})).isZero();
        assertThat(LoopLoad.choose(0, new double[] {0.7, 0.7 - LoopLoad.MARGIN + 0.01}, new int[] {0, 0})).isZero();
        assertThat(LoopLoad.choose(1, new double[] {1.0, 1.0}, new int[] {0, 0})).isEqualTo(1);
    }

    @Test
    void should_hand_the_socket_to_the_emptiest_loop_once_the_accepting_one_holds_slack_more_sockets() {
        int[] atSlack = {LoopLoad.SLACK + 3, 3};
        assertThat(LoopLoad.choose(0, new double[] {0.0, 0.0}, atSlack)).isZero();
        int[] aboveSlack = {LoopLoad.SLACK + 4, 3};
        assertThat(LoopLoad.choose(0, new double[] {0.0, 0.9}, aboveSlack)).isEqualTo(1);
    }

    @Test
    void should_choose_the_only_loop_there_is() {
        assertThat(LoopLoad.choose(0, new double[] {1.0}, new int[] {100_000})).isZero();
    }
}
