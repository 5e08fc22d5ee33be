package dev.trailstream.access;

import dev.trailstream.normalize.IamAction;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Orders actions by the harm an unused grant of them can do: privilege escalation, then credential exposure (both
 * from {@code risk-tags.tsv}, derived by {@code tools/access-facts/generate.py} from iann0036/iam-dataset), then the
 * catalogue's access levels: permissions management, write, tagging, list, read. List before read because listing
 * is how an intruder maps an account; read still exposes data, which the tags cover where it matters most.
 */
public final class RiskRanking {
    static final String RESOURCE = "risk-tags.tsv";

    private static final class Holder {
        static final RiskRanking INSTANCE = load();
    }

    /** Lower-cased action → tag risk. */
    private final Map<String, Risk> tagged;
    /** Sorting an administrator's 22,000 actions asks for each risk a dozen times: remember the answers. */
    private final Map<IamAction, Risk> known = new ConcurrentHashMap<>();

    private RiskRanking(Map<String, Risk> tagged) {
        this.tagged = tagged;
    }

    public static RiskRanking bundled() {
        return Holder.INSTANCE;
    }

    public Risk risk(IamAction action) {
        return known.computeIfAbsent(action, this::compute);
    }

    private Risk compute(IamAction action) {
        Risk tag = tagged.get(action.action().toLowerCase(Locale.ROOT));
        if (tag != null) {
            return tag;
        }
        return switch (action.accessLevel()) {
            case PERMISSIONS_MANAGEMENT -> Risk.PERMISSIONS_MANAGEMENT;
            case WRITE -> Risk.WRITE;
            case TAGGING -> Risk.TAGGING;
            case LIST -> Risk.LIST;
            case READ -> Risk.READ;
        };
    }

    /** Riskiest first; equal risks by service and name (ignoring case, as the catalogue orders them). */
    public Comparator<IamAction> riskiestFirst() {
        return Comparator.<IamAction, Risk>comparing(this::risk).thenComparing(IamAction::service)
                .thenComparing(IamAction::name, String.CASE_INSENSITIVE_ORDER);
    }

    /**
     * The same order as {@link #riskiestFirst()} for actions given in catalogue order, without comparing: one pass
     * into a bucket per risk. An administrator's report sorts 22,000 actions; this is several times faster.
     */
    public List<IamAction> riskiestFirst(List<IamAction> inCatalogueOrder) {
        List<List<IamAction>> buckets = new ArrayList<>();
        for (int i = 0; i < Risk.values().length; i++) {
            buckets.add(new ArrayList<>());
        }
        for (IamAction a : inCatalogueOrder) {
            buckets.get(risk(a).ordinal()).add(a);
        }
        List<IamAction> sorted = new ArrayList<>(inCatalogueOrder.size());
        buckets.forEach(sorted::addAll);
        return sorted;
    }

    private static RiskRanking load() {
        Map<String, Risk> tagged = new HashMap<>();
        try (InputStream in = RiskRanking.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                Risk risk = switch (f[1]) {
                    case "PrivEsc" -> Risk.PRIVILEGE_ESCALATION;
                    case "CredentialExposure" -> Risk.CREDENTIAL_EXPOSURE;
                    default -> throw new IllegalStateException(RESOURCE + ": unknown tag " + f[1]);
                };
                // An action with both tags ranks by the worse one.
                tagged.merge(f[0].toLowerCase(Locale.ROOT), risk, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RiskRanking(Collections.unmodifiableMap(tagged));
    }
}
