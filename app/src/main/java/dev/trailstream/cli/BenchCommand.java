package dev.trailstream.cli;

import dev.trailstream.bench.Benchmark;
import dev.trailstream.runtime.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code trailstream bench}: the same data through each stage alone and end to end. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the pipeline on a folder of CloudTrail files (make one with `trailstream simulate`):",
                "the decompress-and-parse floor, the connector alone, the topology alone, end to end, latency, memory."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--source", paramLabel = "DIR", required = true, description = "Folder of CloudTrail files.")
    Path source;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "trailstream-bench",
            description = "Scratch space for brokers and state; replaced on each run (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--live-files", defaultValue = "30", paramLabel = "N",
            description = {"Then measure latency outside a replay: N files written one a second into a watched folder",
                    "(default: ${DEFAULT-VALUE}; 0 skips it)."})
    int liveFiles;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(source)) {
            throw new UsageException("--source " + source + ": no such folder");
        }
        if (partitions < 1 || partitions > 1000) {
            throw new UsageException("--partitions " + partitions + ": must be between 1 and 1000");
        }
        if (liveFiles < 0 || liveFiles > 10_000) {
            throw new UsageException("--live-files " + liveFiles + ": must be between 0 and 10000");
        }
        ScratchFolder.replace(work, "--work-dir", "bench");
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        System.setProperty("java.io.tmpdir", tmp.toAbsolutePath().toString());
        Benchmark.Report report = Benchmark.run(source, work, partitions, liveFiles);
        Benchmark.print(report, spec.commandLine().getOut());
        Path json = work.resolve("bench.json");
        Benchmark.write(report, json);
        spec.commandLine().getOut().println("report: " + json.toAbsolutePath());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
