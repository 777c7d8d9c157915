package dev.kafkaremediator.state;

import java.nio.file.Path;

/**
 * Run by tests as a second process: takes the state directory lock ({@code dir}) or the write lock
 * ({@code write}) of {@code args[1]}, prints "held", and keeps it until its stdin closes.
 */
public final class HoldLockMain {
    private HoldLockMain() {
    }

    public static void main(String[] args) throws Exception {
        Path stateDir = Path.of(args[1]);
        AutoCloseable held = args[0].equals("dir") ? StateDirectoryLock.acquire(stateDir) : StateWriteLock.in(stateDir).hold();
        System.out.println("held");
        System.out.flush();
        while (System.in.read() != -1) {
            // hold until the test closes our stdin
        }
        held.close();
        System.out.println("released");
        System.out.flush();
    }
}
