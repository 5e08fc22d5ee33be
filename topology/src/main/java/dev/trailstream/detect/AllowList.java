package dev.trailstream.detect;

import dev.trailstream.event.CloudTrailEvent;
import dev.trailstream.normalize.UserAgentFamily;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Known-good activity that raises no finding: the {@code --allow} file. Without it, a CI role that attaches policies
 * every deploy would open a finding every day and teach analysts to ignore the channel. Each entry names what it
 * covers (principal, source IP, action, user agent; set fields are ANDed, list values ORed), which analytics it
 * silences (rule ids and {@code trailstream.anomaly.*} ids, globs; all by default) and, optionally, the last
 * event-time day it applies, so that an exception granted for a migration ends without anyone remembering it.
 *
 * <p>Loaded and compiled once at start (globs to regexes, CIDRs to numbers), so matching per event costs no parsing.
 * A mistake is refused with every problem listed (see {@link InvalidAllowListException}) rather than half-applied.
 */
public final class AllowList {
    /** No entries: everything is flagged. */
    public static final AllowList NONE = new AllowList(List.of());
    private static final Set<String> KEYS = Set.of("reason", "principal", "sourceIp", "action", "userAgent", "rules",
            "until");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<Entry> entries;

    private AllowList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads and checks {@code file}; throws {@link InvalidAllowListException} listing every problem. */
    public static AllowList load(Path file) {
        return FindingsFile.load(file).allowList();
    }

    /** The same from bytes; {@code source} names them in errors. The file may also hold {@code suppress:}. */
    public static AllowList parse(String source, byte[] content) {
        return FindingsFile.parse(source, content).allowList();
    }

    /**
     * Compiles the {@code allow:} section of a parsed findings file ({@code null}: none), adding every problem to
     * {@code problems}.
     */
    static AllowList compile(String source, Object section, List<String> problems) {
        if (section == null) {
            return NONE;
        }
        if (!(section instanceof List<?> list)) {
            problems.add(source + ": allow: expected a list of entries");
            return NONE;
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Entry entry = Entry.compile(source + ": entry " + (i + 1), list.get(i), problems);
            if (entry != null) {
                entries.add(entry);
            }
        }
        return new AllowList(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /** True when an entry covers {@code event} and silences {@code analyticId} (a rule or anomaly id). */
    public boolean allows(String analyticId, CloudTrailEvent event) {
        for (Entry entry : entries) {
            if (entry.matches(analyticId, event)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One compiled entry; a null matcher means the field is not set and matches anything.
     *
     * @param until the last event-time day (UTC) it applies, inclusive; null for no end
     */
    private record Entry(String reason, Pattern principal, List<Cidr> sourceIp, Pattern action,
                         Set<String> userAgent, Pattern rules, LocalDate until) {

        boolean matches(String analyticId, CloudTrailEvent event) {
            if (until != null && FindingGroup.dayOf(event.eventTime()).isAfter(until)) {
                return false;
            }
            if (rules != null && !rules.matcher(analyticId).matches()) {
                return false;
            }
            if (principal != null && !principal.matcher(event.principal().id()).matches()) {
                return false;
            }
            if (action != null && (event.action() == null || !action.matcher(event.action()).matches())) {
                return false;
            }
            if (userAgent != null && !userAgent.contains(event.userAgentFamily().label())) {
                return false;
            }
            if (sourceIp != null) {
                BigInteger[] address = address(event.sourceIpAddress());
                return address != null && sourceIp.stream().anyMatch(c -> c.contains(address));
            }
            return true;
        }

        static Entry compile(String where, Object value, List<String> problems) {
            if (!(value instanceof Map<?, ?> map)) {
                problems.add(where + ": expected a mapping with reason and at least one of principal, sourceIp, "
                        + "action, userAgent");
                return null;
            }
            int before = problems.size();
            for (Object key : map.keySet()) {
                if (!KEYS.contains(String.valueOf(key))) {
                    problems.add(where + ": unknown field '" + key + "'; the fields are "
                            + "reason, principal, sourceIp, action, userAgent, rules, until");
                }
            }
            Object reason = map.get("reason");
            if (!(reason instanceof String text) || text.isBlank()) {
                problems.add(where + ": reason: required, a sentence saying why this activity is known-good");
            }
            Pattern principal = globs(where, "principal", map.get("principal"), 0, problems);
            Pattern action = globs(where, "action", map.get("action"), Pattern.CASE_INSENSITIVE, problems);
            Pattern rules = globs(where, "rules", map.get("rules"), 0, problems);
            List<Cidr> sourceIp = null;
            List<String> ips = strings(where, "sourceIp", map.get("sourceIp"), problems);
            if (ips != null) {
                sourceIp = new ArrayList<>();
                for (String ip : ips) {
                    Cidr cidr = Cidr.parse(ip);
                    if (cidr == null) {
                        problems.add(where + ": sourceIp: '" + ip + "' is not an IPv4 or IPv6 address or CIDR "
                                + "(e.g. 10.20.0.0/16, 192.0.2.7, 2001:db8::/32)");
                    }
                    sourceIp.add(cidr);
                }
            }
            Set<String> userAgent = null;
            List<String> agents = strings(where, "userAgent", map.get("userAgent"), problems);
            if (agents != null) {
                Set<String> labels = Arrays.stream(UserAgentFamily.values()).map(UserAgentFamily::label)
                        .collect(Collectors.toSet());
                for (String agent : agents) {
                    if (!labels.contains(agent)) {
                        problems.add(where + ": userAgent: '" + agent + "' is not a user-agent family; the families "
                                + "are " + Arrays.stream(UserAgentFamily.values()).map(UserAgentFamily::label)
                                .collect(Collectors.joining(", ")));
                    }
                }
                userAgent = Set.copyOf(agents);
            }
            LocalDate until = null;
            Object untilValue = map.get("until");
            if (untilValue != null) {
                try {
                    until = LocalDate.parse(String.valueOf(untilValue));
                } catch (DateTimeParseException e) {
                    problems.add(where + ": until: '" + untilValue + "' is not a date as YYYY-MM-DD");
                }
            }
            if (principal == null && sourceIp == null && action == null && userAgent == null
                    && problems.size() == before) {
                problems.add(where + ": sets none of principal, sourceIp, action, userAgent; an entry that matches "
                        + "every event would silence everything");
            }
            return problems.size() == before
                    ? new Entry((String) reason, principal, sourceIp, action, userAgent, rules, until) : null;
        }
    }

    /** One string or a list of non-blank strings; null when absent. */
    private static List<String> strings(String where, String field, Object value, List<String> problems) {
        if (value == null) {
            return null;
        }
        List<?> values = value instanceof List<?> list ? list : List.of(value);
        List<String> out = new ArrayList<>();
        for (Object v : values) {
            if (!(v instanceof String s) || s.isBlank()) {
                problems.add(where + ": " + field + ": expected a string or a list of strings, got " + v);
                return List.of();
            }
            out.add(s.trim());
        }
        if (out.isEmpty()) {
            problems.add(where + ": " + field + ": empty list; leave the field out to match anything");
        }
        return out;
    }

    /** {@code *} is any run of characters, {@code ?} one; everything else is literal. */
    static Pattern globs(String where, String field, Object value, int flags, List<String> problems) {
        List<String> globs = strings(where, field, value, problems);
        if (globs == null || globs.isEmpty()) {
            return null;
        }
        return Pattern.compile(globs.stream().map(AllowList::glob).collect(Collectors.joining("|")), flags);
    }

    private static String glob(String glob) {
        StringBuilder regex = new StringBuilder("(?:");
        for (char c : glob.toCharArray()) {
            regex.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return regex.append(')').toString();
    }

    /**
     * The address as a number and its bit width, or null when {@code text} is no IP literal (CloudTrail writes
     * {@code AWS Internal} or a service name for calls AWS makes). Checked as a literal first: {@link InetAddress}
     * would otherwise resolve a name through DNS.
     */
    static BigInteger[] address(String text) {
        if (text == null || !(IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
            return null;
        }
        if (IPV4.matcher(text).matches() && Arrays.stream(text.split("\\.")).anyMatch(o -> Integer.parseInt(o) > 255)) {
            return null;
        }
        try {
            byte[] bytes = InetAddress.getByName(text).getAddress();
            return new BigInteger[]{new BigInteger(1, bytes), BigInteger.valueOf(bytes.length * 8L)};
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address range: the network as a number, its bit width (32 or 128) and prefix length. */
    private record Cidr(BigInteger network, int bits, int prefix) {
        static Cidr parse(String text) {
            String[] parts = text.split("/", -1);
            if (parts.length > 2) {
                return null;
            }
            BigInteger[] address = address(parts[0]);
            if (address == null) {
                return null;
            }
            int bits = address[1].intValue();
            int prefix = bits;
            if (parts.length == 2) {
                if (!parts[1].matches("\\d{1,3}") || Integer.parseInt(parts[1]) > bits) {
                    return null;
                }
                prefix = Integer.parseInt(parts[1]);
            }
            return new Cidr(address[0].shiftRight(bits - prefix), bits, prefix);
        }

        boolean contains(BigInteger[] address) {
            return address[1].intValue() == bits && address[0].shiftRight(bits - prefix).equals(network);
        }
    }

    @Override
    public String toString() {
        return "AllowList[" + entries.size() + (entries.size() == 1 ? " entry]" : " entries]");
    }
}
