package dev.trailstream.simulate;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Each account's {@code aws iam generate-credential-report} CSV, as generated at the end of the simulated span:
 * the root row, then every IAM user, with last-used columns taken from the logs. Keys date from the users' creation,
 * long past any rotation age, except the key users' ({@link Archetype#KEY_USER}): rotated
 * {@value #KEY_USER_ROTATED_DAYS} days before the first simulated day, so that a rotation check has keys on both
 * sides of its age.
 */
final class CredentialReport {
    static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,"
            + "password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
            + "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
            + "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,"
            + "access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
    private static final String NO_KEY_2 = "false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
    static final int KEY_USER_ROTATED_DAYS = 10;

    private CredentialReport() {
    }

    static void write(Organisation org, Usage usage, Path file, Account account, LocalDate start) throws IOException {
        String rotated = time(start.atStartOfDay(ZoneOffset.UTC).toInstant()
                .minus(Duration.ofDays(KEY_USER_ROTATED_DAYS)));
        String created = time(IamExport.created());
        Files.createDirectories(file.getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER + "\n");
            Persona root = org.root(account);
            Usage.Last rootLogin = usage.password(root.iamArn());
            w.write(String.join(",", "<root_account>", root.iamArn(), "2019-02-14T08:11:52+00:00", "not_supported",
                    rootLogin == null ? "no_information" : time(rootLogin.time()), "not_supported", "not_supported",
                    "true", "false", "N/A", "N/A", "N/A", "N/A", NO_KEY_2) + "\n");
            List<String> seen = new ArrayList<>();
            for (Persona p : org.personas()) {
                if (p.account() != account || !p.archetype().iamUser() || p.archetype() == Archetype.FEDERATED_USER) {
                    continue;
                }
                boolean password = p.archetype() == Archetype.CONSOLE_USER || p.archetype() == Archetype.CLI_USER;
                Usage.Last login = usage.password(p.iamArn());
                Usage.Last key = usage.key(p.iamArn());
                boolean hasKey = p.accessKeyId() != null;
                w.write(String.join(",", p.name(), p.iamArn(), created, Boolean.toString(password),
                        password ? (login == null ? "no_information" : time(login.time())) : "N/A",
                        password ? created : "N/A", "N/A", Boolean.toString(p.mfa() && password),
                        Boolean.toString(hasKey), hasKey ? (p.archetype() == Archetype.KEY_USER ? rotated : created)
                                : "N/A",
                        key == null ? "N/A" : time(key.time()), key == null ? "N/A" : key.region(),
                        key == null ? "N/A" : key.service(), NO_KEY_2) + "\n");
                seen.add(p.name());
            }
            for (String broker : org.personas().stream().filter(p -> p.account() == account
                    && p.archetype() == Archetype.FEDERATED_USER).map(Persona::detail).distinct().toList()) {
                w.write(String.join(",", broker, "arn:aws:iam::" + account.id() + ":user/" + broker, created, "false",
                        "N/A", "N/A", "N/A", "false", "true", created, "N/A", "N/A", "N/A", NO_KEY_2) + "\n");
            }
            w.write(String.join(",", IamExport.DORMANT_USER, "arn:aws:iam::" + account.id() + ":user/"
                    + IamExport.DORMANT_USER, "2021-06-02T14:03:11+00:00", "false", "N/A", "N/A", "N/A", "false",
                    "true", "2021-06-02T14:05:40+00:00", "N/A", "N/A", "N/A", NO_KEY_2) + "\n");
        }
    }

    private static String time(Instant t) {
        return RecordWriter.time(t).replace("Z", "+00:00");
    }
}
