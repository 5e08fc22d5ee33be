package dev.trailstream.access;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The IAM credential report: the one place that lists every user's access keys and console password with their last
 * use (the authorization-details export lists neither). Parses the CSV that {@code aws iam get-credential-report}
 * returns, base64-decoded ({@code --query Content --output text | base64 -d}). Columns are found by header name, so
 * the order does not matter and columns this class does not read (certificates, password rotation) are ignored. The
 * key rotation and last-used-service columns are optional: without them those values are null (not assessed).
 */
public final class CredentialReport {
    /** The header names this class needs; the two key blocks are read for N = 1 and 2. */
    private static final List<String> REQUIRED = List.of("user", "arn", "password_enabled", "password_last_used",
            "mfa_active", "access_key_1_active", "access_key_1_last_used_date", "access_key_2_active",
            "access_key_2_last_used_date");

    private final Map<String, Row> byArn;

    private CredentialReport(Map<String, Row> byArn) {
        this.byArn = byArn;
    }

    /**
     * One user's line.
     *
     * @param user             the user name ({@code <root_account>} for the root user)
     * @param arn              its ARN
     * @param created          {@code user_creation_time}, or null
     * @param passwordEnabled  whether it has a console password ({@code password_enabled})
     * @param passwordLastUsed when the password was last used, or null for never (or no password)
     * @param mfaActive        whether an MFA device is active
     * @param accessKeys       its access key slots 1 and 2 that are active
     */
    public record Row(String user, String arn, Instant created, boolean passwordEnabled, Instant passwordLastUsed,
                      boolean mfaActive, List<AccessKey> accessKeys) {
        public Row {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(arn, "arn");
            accessKeys = List.copyOf(accessKeys);
        }
    }

    /**
     * An active access key slot.
     *
     * @param slot            1 or 2, as the report numbers them (the report does not give the key id)
     * @param lastRotated     when it was created or rotated ({@code access_key_N_last_rotated}), or null when the
     *                        report lacks the column or says {@code N/A}
     * @param lastUsed        when it was last used, or null for never
     * @param lastUsedService the service of that last use ({@code access_key_N_last_used_service}, e.g. {@code s3}),
     *                        or null when never used or the report lacks the column
     */
    public record AccessKey(int slot, Instant lastRotated, Instant lastUsed, String lastUsedService) {
        /** A key whose last-used service is not known. */
        public AccessKey(int slot, Instant lastRotated, Instant lastUsed) {
            this(slot, lastRotated, lastUsed, null);
        }
    }

    /**
     * Parses the report's CSV.
     *
     * @throws IllegalArgumentException naming the line and column when it is not a credential report
     */
    public static CredentialReport parse(String csv) {
        List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("credential report: empty");
        }
        List<String> header = split(lines.get(0));
        Map<String, Integer> column = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            column.put(header.get(i).strip(), i);
        }
        for (String required : REQUIRED) {
            if (!column.containsKey(required)) {
                throw new IllegalArgumentException("credential report: no column " + required);
            }
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int n = 1; n < lines.size(); n++) {
            List<String> cells = split(lines.get(n));
            if (cells.size() != header.size()) {
                throw new IllegalArgumentException("credential report line " + (n + 1) + ": " + cells.size()
                        + " columns, header has " + header.size());
            }
            int line = n + 1;
            Map<String, String> cell = new HashMap<>();
            column.forEach((name, i) -> cell.put(name, cells.get(i)));
            List<AccessKey> keys = new ArrayList<>();
            for (int slot = 1; slot <= 2; slot++) {
                String prefix = "access_key_" + slot + "_";
                if (bool(cell.get(prefix + "active"), line, prefix + "active")) {
                    keys.add(new AccessKey(slot, date(cell.get(prefix + "last_rotated"), line),
                            date(cell.get(prefix + "last_used_date"), line),
                            text(cell.get(prefix + "last_used_service"))));
                }
            }
            Row row = new Row(cell.get("user"), cell.get("arn"), date(cell.get("user_creation_time"), line),
                    bool(cell.get("password_enabled"), line, "password_enabled"),
                    date(cell.get("password_last_used"), line), bool(cell.get("mfa_active"), line, "mfa_active"),
                    keys);
            rows.put(row.arn(), row);
        }
        return new CredentialReport(rows);
    }

    public Optional<Row> row(String userArn) {
        return Optional.ofNullable(byArn.get(userArn));
    }

    public List<Row> rows() {
        return List.copyOf(byArn.values());
    }

    /** The report quotes no field in practice; quotes are handled anyway, since a path could hold a comma. */
    private static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    /** The root user's row says {@code not_supported} for some booleans: that is "no". */
    private static boolean bool(String value, int line, String column) {
        if (value == null) {
            return false;
        }
        return switch (value.strip()) {
            case "true", "TRUE" -> true;
            case "false", "FALSE", "not_supported", "N/A" -> false;
            default -> throw new IllegalArgumentException("credential report line " + line + ", " + column
                    + ": not a boolean: " + value);
        };
    }

    /** {@code N/A}, {@code no_information} and {@code not_supported} mean "none" for text as for dates. */
    private static String text(String value) {
        if (value == null || value.isBlank() || value.equals("N/A") || value.equals("no_information")
                || value.equals("not_supported")) {
            return null;
        }
        return value.strip();
    }

    /** {@code N/A}, {@code no_information} and {@code not_supported} all mean "no date". */
    private static Instant date(String value, int line) {
        if (value == null || value.isBlank() || value.equals("N/A") || value.equals("no_information")
                || value.equals("not_supported")) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("credential report line " + line + ": not a date: " + value);
        }
    }
}
