package io.proxysaas.pool;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A process of its own for {@link HangupSignalTest}: installs the pool's SIGHUP handler, says whether it
 * is active, and when it is, sends itself a real SIGHUP and says whether the action ran.
 */
public final class HangupSignalProbe {

    private HangupSignalProbe() {
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch taken = new CountDownLatch(1);
        try (HangupSignal hangup = HangupSignal.install(taken::countDown)) {
            System.out.println("active=" + hangup.active());
            if (hangup.active()) {
                Process kill = new ProcessBuilder("kill", "-HUP", String.valueOf(ProcessHandle.current().pid())).start();
                System.out.println("kill=" + kill.waitFor());
                System.out.println("taken=" + taken.await(10, TimeUnit.SECONDS));
            }
        }
        System.out.flush();
    }
}
