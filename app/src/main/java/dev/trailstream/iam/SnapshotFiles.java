package dev.trailstream.iam;

import dev.trailstream.access.IamGroup;
import dev.trailstream.access.IamRole;
import dev.trailstream.access.IamSnapshot;
import dev.trailstream.access.IamSnapshotRecord;
import dev.trailstream.access.IamUser;
import dev.trailstream.access.InvalidSnapshotException;
import dev.trailstream.access.ManagedPolicy;
import dev.trailstream.runtime.UsageException;
import dev.trailstream.topology.Topics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads and checks export files before anything is published: every file must parse with {@link IamSnapshot},
 * describe exactly one account, fit in a record compressed, and no two files may be the same account. The first
 * problem is a {@link UsageException} naming the file, so that a bad file publishes nothing, not even the good ones
 * given with it.
 */
public final class SnapshotFiles {
    /**
     * Room left in a record for key, headers and batch overhead: a value this close to the limit would be refused
     * by the broker after the user waited for it.
     */
    static final int RECORD_OVERHEAD = 64 * 1024;

    private SnapshotFiles() {
    }

    /**
     * Reads, parses and compresses every file.
     *
     * @param takenAt when the exports were taken, or empty for each file's modification time
     * @param flag    how the user named the files, prefixed to messages ({@code "--iam "} or empty)
     * @throws UsageException at the first file that cannot be published
     */
    public static List<PreparedSnapshot> prepare(List<Path> files, Optional<Instant> takenAt, String flag) {
        return prepare(files, takenAt, flag, IamSnapshotRecord.MAX_RECORD_BYTES);
    }

    static List<PreparedSnapshot> prepare(List<Path> files, Optional<Instant> takenAt, String flag, int maxBytes) {
        List<PreparedSnapshot> prepared = new ArrayList<>();
        Map<String, Path> byAccount = new HashMap<>();
        for (Path file : files) {
            PreparedSnapshot snapshot = prepare(file, takenAt, flag, maxBytes);
            Path other = byAccount.putIfAbsent(snapshot.record().accountId(), file);
            if (other != null) {
                // Which one is right is the user's call: the newer file is not necessarily the better export.
                throw new UsageException(flag + other + " and " + file + " are both account "
                        + snapshot.record().accountId() + ": give one file per account");
            }
            prepared.add(snapshot);
        }
        return prepared;
    }

    private static PreparedSnapshot prepare(Path file, Optional<Instant> takenAt, String flag, int maxBytes) {
        String where = flag + file;
        if (!Files.isRegularFile(file)) {
            throw new UsageException(where + ": no such file");
        }
        String json;
        Instant taken;
        try {
            json = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
            // Milliseconds: what the header carries, so that a re-import of the same file compares equal.
            taken = takenAt.orElse(Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.MILLIS));
        } catch (CharacterCodingException e) {
            throw new UsageException(where + ": not UTF-8 text, so not an export of the AWS CLI");
        } catch (IOException e) {
            throw new UsageException(where + ": cannot read it (" + e.getMessage() + ")");
        }
        IamSnapshot snapshot;
        try {
            snapshot = IamSnapshot.parse(json, file.getFileName().toString(), taken);
        } catch (InvalidSnapshotException e) {
            List<String> problems = e.problems();
            throw new UsageException(where + ": " + oneLine(problems.get(0))
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : ""));
        }
        Set<String> accounts = accounts(snapshot);
        if (accounts.isEmpty()) {
            throw new UsageException(where + ": no user, group, role or customer policy ARN names an account");
        }
        if (accounts.size() > 1) {
            // IamSnapshot models one account; publishing the file under its majority account would attach the
            // others' principals to the wrong key.
            throw new UsageException(where + ": holds the IAM of several accounts " + accounts
                    + ": export each account to its own file");
        }
        IamSnapshotRecord record = new IamSnapshotRecord(accounts.iterator().next(), json, taken,
                file.getFileName().toString());
        byte[] value = record.value();
        if (value.length > maxBytes - RECORD_OVERHEAD) {
            throw new UsageException(where + ": " + String.format("%,d", value.length) + " bytes even gzip-compressed,"
                    + " more than a record of " + Topics.IAM_SNAPSHOTS + " takes ("
                    + String.format("%,d", maxBytes - RECORD_OVERHEAD) + ")");
        }
        return new PreparedSnapshot(file, record, snapshot.principalArns().size(), snapshot.policies().size(), value);
    }

    /** The accounts of the export's own entries; AWS-managed policies ({@code arn:aws:iam::aws:...}) belong to none. */
    static Set<String> accounts(IamSnapshot snapshot) {
        Set<String> accounts = new TreeSet<>();
        Stream.of(snapshot.users().stream().map(IamUser::arn), snapshot.groups().stream().map(IamGroup::arn),
                        snapshot.roles().stream().map(IamRole::arn), snapshot.policies().stream().map(ManagedPolicy::arn))
                .flatMap(s -> s)
                .map(arn -> arn.split(":", 6))
                .filter(parts -> parts.length == 6 && !parts[4].isEmpty() && !parts[4].equals("aws"))
                .forEach(parts -> accounts.add(parts[4]));
        return accounts;
    }

    private static String oneLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
