package dev.trailstream.cli;

import dev.trailstream.runtime.UsageException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;

/** The {@code trailstream} command. */
@Command(name = "trailstream", mixinStandardHelpOptions = true, versionProvider = TrailStreamCli.Version.class,
        description = "AWS CloudTrail to per-principal behaviour, findings and least-privilege advice, on Kafka.",
        subcommands = {RunCommand.class, DemoCommand.class, BenchCommand.class, SimulateCommand.class,
                IamCommand.class, RightsizeCommand.class, DeliverCommand.class, CommandLine.HelpCommand.class})
public final class TrailStreamCli {
    /** Set by the shutdown hook: the JVM is already exiting, and System.exit would block forever. */
    static volatile boolean exiting;
    static boolean verbose;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Log what Kafka, Connect and Streams do (quiet by default).")
    void setVerbose(boolean on) {
        verbose = on;
        if (on) {
            // Every logger, not just the root: log4j2.xml quiets Connect, Streams and the broker one by one.
            Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.INFO);
        }
    }

    public static void main(String[] args) {
        int rc = execute(args);
        if (!exiting) {
            // Kafka's threads are not daemons: leave explicitly, whatever is still running.
            System.exit(rc);
        }
    }

    /** Runs the command line and returns its exit code: 0 done, 1 failed, 2 bad usage. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #execute(String...)}, printing to the given writers (tests read them). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new TrailStreamCli()).setOut(out).setErr(err);
        cli.setParameterExceptionHandler((ex, arguments) -> {
            PrintWriter w = ex.getCommandLine().getErr();
            w.println("trailstream: " + ex.getMessage() + " (see '" + ex.getCommandLine().getCommandSpec()
                    .qualifiedName() + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter w = commandLine.getErr();
            if (ex instanceof UsageException) {
                w.println("trailstream: " + ex.getMessage());
                return 2;
            }
            w.println("trailstream: " + oneLine(ex) + (verbose ? "" : " (run with --verbose for details)"));
            if (verbose) {
                ex.printStackTrace(w);
            }
            return 1;
        });
        return cli.execute(args);
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** The version Maven wrote into the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = TrailStreamCli.class.getPackage().getImplementationVersion();
            return new String[]{"trailstream " + (v == null ? "development build" : v)};
        }
    }
}
