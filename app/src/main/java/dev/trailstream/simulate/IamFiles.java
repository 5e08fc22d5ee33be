package dev.trailstream.simulate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The IAM files a simulation wrote beside its logs, one pair per account in account order: what {@code run --iam}
 * and {@code --credential-report} take.
 *
 * @param exports           {@code iam/<account>/authorization-details.json}
 * @param credentialReports {@code iam/<account>/credential-report.csv}
 */
public record IamFiles(List<Path> exports, List<Path> credentialReports) {
    public IamFiles {
        exports = List.copyOf(exports);
        credentialReports = List.copyOf(credentialReports);
    }

    /** The files under {@code simulationOut/iam}. */
    public static IamFiles in(Path simulationOut) throws IOException {
        List<Path> exports = new ArrayList<>();
        List<Path> reports = new ArrayList<>();
        try (Stream<Path> accounts = Files.list(simulationOut.resolve("iam"))) {
            accounts.sorted().forEach(a -> {
                exports.add(a.resolve("authorization-details.json"));
                reports.add(a.resolve("credential-report.csv"));
            });
        }
        return new IamFiles(exports, reports);
    }

    /** The exports as one comma-separated flag value. */
    public String exportsFlag() {
        return String.join(",", exports.stream().map(Path::toString).toList());
    }

    /** The credential reports as one comma-separated flag value. */
    public String credentialReportsFlag() {
        return String.join(",", credentialReports.stream().map(Path::toString).toList());
    }
}
