package dev.kafkaremediator.daemon;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a request to stop, not as the JVM's shutdown: the daemon then stops at a
 * safe point and exits 0 on its own. (A shutdown hook could not: System.exit during the JVM's
 * shutdown blocks, and the exit status would be 143.)
 */
public final class StopSignal {
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicReference<String> received = new AtomicReference<>();

    private StopSignal() {
    }

    /** SIGHUP runs {@code reload} (on the signal thread; it must not block for long). */
    public static void onHup(Runnable reload) {
        Signal.handle(new Signal("HUP"), s -> reload.run());
    }

    public static StopSignal onTermAndInt() {
        StopSignal signal = new StopSignal();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> signal.request("SIG" + s.getName()));
        }
        return signal;
    }

    public void request(String why) {
        received.compareAndSet(null, why);
        stop.countDown();
    }

    /** Blocks until a stop is requested; returns what requested it. */
    public String await() throws InterruptedException {
        stop.await();
        return received.get();
    }
}
