package dev.trailstream.cli;

import dev.trailstream.demo.DemoLogs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.Callable;

/** {@code trailstream demo}: a generated day of CloudTrail through the whole pipeline, as {@code run --once}. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a small realistic day of CloudTrail and run the whole pipeline over it.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "trailstream-demo",
            description = "Where the demo's logs, state and outputs go; replaced on each run (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated logs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (Files.exists(dir) && !Files.exists(dir.resolve(".trailstream-demo"))) {
            throw new dev.trailstream.runtime.UsageException("--dir " + dir
                    + " exists and was not made by the demo: choose another --dir");
        }
        deleteRecursively(dir);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(".trailstream-demo"), "made by trailstream demo; replaced on each run\n");
        Path logs = dir.resolve("logs");
        long events = DemoLogs.write(logs, seed);
        out.printf("Generated %,d CloudTrail events of 2 accounts and 2 regions in %s%n", events, logs);
        out.flush();
        int rc = new CommandLine(new RunCommand())
                .setOut(spec.commandLine().getOut()).setErr(spec.commandLine().getErr())
                .setParameterExceptionHandler(spec.commandLine().getParameterExceptionHandler())
                .setExecutionExceptionHandler(spec.commandLine().getExecutionExceptionHandler())
                .execute("--source", logs.toString(), "--state-dir", dir.resolve("state").toString(), "--once",
                        "--out", dir.resolve("out").toString());
        if (rc == 0) {
            out.printf("%nLook at the findings:   cat %s%n", dir.resolve("out/findings.jsonl"));
            out.printf("and the principals:     cat %s%n", dir.resolve("out/principals.jsonl"));
            out.printf("Your own logs:          ./trailstream run --source DIR --once --out OUT%n");
            out.printf("    (DIR: CloudTrail files, e.g. from: aws s3 sync s3://BUCKET/AWSLogs DIR)%n");
            out.printf("Your own Kafka cluster: add --bootstrap-servers HOST:PORT%n");
            out.flush();
        }
        return rc;
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
