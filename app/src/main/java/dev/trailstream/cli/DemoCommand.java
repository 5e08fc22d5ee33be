package dev.trailstream.cli;

import dev.trailstream.simulate.IamFiles;
import dev.trailstream.simulate.SimulationResult;
import dev.trailstream.simulate.SimulationSpec;
import dev.trailstream.simulate.Simulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code trailstream demo}: two simulated days of a small organisation, attacks included, through the whole
 * pipeline as {@code run --once}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Simulate two days of CloudTrail of a small organisation and run the whole pipeline over them.")
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
        ScratchFolder.replace(dir, "--dir", "demo");
        Path logs = dir.resolve("logs");
        // Two days: the attack scenarios start on the second, once the first has given everyone a baseline.
        SimulationSpec demo = new SimulationSpec(2, 16, 2, 10_000, SimulationSpec.defaults().start(), seed,
                SimulationSpec.defaults().attacks());
        SimulationResult simulated = Simulator.run(demo, logs);
        // The simulator writes labels and the IAM export beside AWSLogs/: only AWSLogs/ holds CloudTrail files.
        Path trail = logs.resolve("AWSLogs");
        out.printf("Simulated %,d CloudTrail events of %d accounts and %d principals over %d days, with %d labelled "
                        + "attacks (%s)%n", simulated.events(), simulated.accounts(), simulated.principals(), demo.days(),
                simulated.labels(), logs.resolve("labels.jsonl"));
        out.flush();
        // Each account's IAM export and credential report: the least-privilege review (granted versus used).
        IamFiles iam = IamFiles.in(logs);
        int rc = new CommandLine(new RunCommand())
                .setOut(spec.commandLine().getOut()).setErr(spec.commandLine().getErr())
                .setParameterExceptionHandler(spec.commandLine().getParameterExceptionHandler())
                .setExecutionExceptionHandler(spec.commandLine().getExecutionExceptionHandler())
                .execute("--source", trail.toString(), "--state-dir", dir.resolve("state").toString(), "--once",
                        "--out", dir.resolve("out").toString(), "--iam", iam.exportsFlag(),
                        "--credential-report", iam.credentialReportsFlag());
        if (rc == 0) {
            out.printf("%nLook at the findings:   cat %s%n", dir.resolve("out/findings.jsonl"));
            out.printf("and the principals:     cat %s%n", dir.resolve("out/principals.jsonl"));
            out.printf("The attacks injected:   cat %s%n", logs.resolve("labels.jsonl"));
            out.printf("Granted versus used:    cat %s   (rightsized policies in %s)%n",
                    dir.resolve("out/least-privilege.jsonl"), dir.resolve("out/policies"));
            out.printf("One principal's policy: ./trailstream rightsize --from %s --principal ARN [--format diff]%n",
                    dir.resolve("out"));
            out.printf("More simulated data:    ./trailstream simulate --out DIR   (then run --source DIR/AWSLogs)%n");
            out.printf("Your own logs:          ./trailstream run --source DIR --once --out OUT%n");
            out.printf("    (DIR: CloudTrail files, e.g. from: aws s3 sync s3://BUCKET/AWSLogs DIR)%n");
            out.printf("Your own Kafka cluster: add --bootstrap-servers HOST:PORT%n");
            out.printf("Your own rules:         add --rules DIR   (YAML rule files, see topology/RULES.md)%n");
            out.flush();
        }
        return rc;
    }
}
