package dev.kafkaremediator.localpg;

import dev.kafkaremediator.time.BoundedWait;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code scripts/local-postgres.sh}: start, stop and inspect a local PostgreSQL for the remediator's state. */
@Command(name = "local-postgres.sh", mixinStandardHelpOptions = true, sortOptions = false,
        description = "A real local PostgreSQL (from Maven Central, no Docker) on 127.0.0.1 for tests and the demo: store = postgres.",
        subcommands = {LocalPostgresCli.Start.class, LocalPostgresCli.Stop.class, LocalPostgresCli.Status.class, LocalPostgresCli.Clean.class},
        footer = {"", "Exit status: 0 done (status: running), 1 failed or (status) not running, 2 usage error."})
public final class LocalPostgresCli {
    static final int FAILED = 1;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Binaries, data, log and state. Default: $LOCAL_POSTGRES_DIR, else <project>/target/local-postgres.")
    Path dir;

    @Option(names = "--start-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long unpacking, initdb and the start may take (default ${DEFAULT-VALUE}).")
    int startTimeoutSeconds;

    @Option(names = "--stop-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long a fast shutdown may take before SIGKILL (default ${DEFAULT-VALUE}).")
    int stopTimeoutSeconds;

    private final PrintStream out;

    LocalPostgresCli(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new LocalPostgresCli(out));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof LocalPostgresException || e instanceof java.io.UncheckedIOException) {
                err.println("local-postgres: " + e.getMessage());
                return FAILED;
            }
            throw e;
        });
        return cli.execute(args);
    }

    LocalPostgres postgres() {
        Path home = Path.of(System.getProperty("remediator.home", ".")).toAbsolutePath().normalize();
        Path chosen = dir != null ? dir
                : System.getenv("LOCAL_POSTGRES_DIR") != null ? Path.of(System.getenv("LOCAL_POSTGRES_DIR"))
                : home.resolve("target").resolve("local-postgres");
        return new LocalPostgres(chosen, Duration.ofSeconds(startTimeoutSeconds), Duration.ofSeconds(stopTimeoutSeconds), BoundedWait.system(),
                line -> out.println("local-postgres: " + line));
    }

    void printStatus(LocalPostgres postgres, LocalPostgresState state) {
        out.println("pid:      " + state.pid());
        out.println("url:      " + state.jdbcUrl() + "  (user " + state.user() + ", no password: trust on loopback)");
        out.println("log:      " + postgres.layout().log());
        out.println("config:   store.postgres { url = \"" + state.jdbcUrl() + "\", user = " + state.user() + " }");
    }

    @Command(name = "start", description = "Start the server (initialised on first use); returns once it answers queries.")
    static final class Start implements Callable<Integer> {
        @ParentCommand
        LocalPostgresCli parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "15432", description = "Port on 127.0.0.1; 0 picks a free one (default ${DEFAULT-VALUE}).")
        int port;

        @Override
        public Integer call() throws InterruptedException {
            if (port < 0 || port > 65535) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--port: expected 0 to 65535, got " + port);
            }
            LocalPostgres postgres = parent.postgres();
            LocalPostgresState state = postgres.start(port == 0 ? OptionalInt.empty() : OptionalInt.of(port));
            parent.printStatus(postgres, state);
            return 0;
        }
    }

    @Command(name = "stop", description = "Fast shutdown by PID (SIGINT, SIGKILL after --stop-timeout); nothing left running.")
    static final class Stop implements Callable<Integer> {
        @ParentCommand
        LocalPostgresCli parent;

        @Override
        public Integer call() throws InterruptedException {
            parent.postgres().stop();
            return 0;
        }
    }

    @Command(name = "status", description = "Whether the server runs, its PID, URL and log.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        LocalPostgresCli parent;

        @Override
        public Integer call() {
            LocalPostgres postgres = parent.postgres();
            return postgres.running().map(state -> {
                parent.out.println("running");
                parent.printStatus(postgres, state);
                return 0;
            }).orElseGet(() -> {
                parent.out.println("not running (" + postgres.layout().dir() + ")");
                return FAILED;
            });
        }
    }

    @Command(name = "clean", description = "Stop the server and delete its directory (data, log, binaries, state).")
    static final class Clean implements Callable<Integer> {
        @ParentCommand
        LocalPostgresCli parent;

        @Override
        public Integer call() throws InterruptedException {
            parent.postgres().clean();
            return 0;
        }
    }
}
