package dev.trailstream.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trailstream.normalize.EventAction.Kind;
import dev.trailstream.normalize.EventActions.Rule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the event → action mapping against the independent mappings in {@code ../shared/data}: iamlive's SDK
 * operation → IAM actions map and cloudtracker's facts. Skipped when they are absent.
 */
class EventActionsMappingsTest {
    static final Path DISAGREEMENTS = Path.of("target", "action-mapping-iamlive.txt");
    private final ActionCatalogue catalogue = ActionCatalogue.get();

    /** One operation of iamlive's map: the SDK and IAM prefix it belongs to, and the IAM actions it needs. */
    private record Operation(String sdk, String prefix, String name, Set<String> actions) {
        String action() {
            return prefix + ":" + name;
        }

        /**
         * False where iamlive files the SDK under a prefix none of its actions use (S3Control's Outposts calls under
         * s3, IoTWireless under iot, ApiGatewayManagementApi under apigateway): CloudTrail logs those under another
         * eventSource, so they say nothing about this one.
         */
        boolean underItsOwnPrefix() {
            return actions.stream().anyMatch(a -> a.startsWith(prefix + ":"));
        }
    }

    /** iamlive's operations, with their actions lower case; SDKs it cannot place under an IAM prefix are left out. */
    private static List<Operation> iamliveOperations() {
        JsonNode map = SharedSamples.iamlive();
        Map<String, String> prefixBySdk = new HashMap<>();
        map.path("service_sdk_mappings").properties().forEach(e ->
                e.getValue().forEach(sdk -> prefixBySdk.putIfAbsent(sdk.asText(), e.getKey())));
        map.path("sdk_service_mappings").properties().forEach(e ->
                prefixBySdk.putIfAbsent(e.getKey(), e.getValue().asText()));
        List<Operation> operations = new ArrayList<>();
        map.path("sdk_method_iam_mappings").properties().forEach(e -> {
            int dot = e.getKey().indexOf('.');
            String sdk = e.getKey().substring(0, dot);
            String prefix = prefixBySdk.get(sdk);
            if (prefix != null) {
                Set<String> actions = new TreeSet<>();
                e.getValue().forEach(a -> actions.add(a.path("action").asText().toLowerCase(Locale.ROOT)));
                operations.add(new Operation(sdk, prefix, e.getKey().substring(dot + 1), actions));
            }
        });
        return operations;
    }

    /** True when iamlive names at least one action the catalogue has: otherwise it is out of date, not evidence. */
    private boolean usable(Set<String> actions) {
        return actions.stream().anyMatch(a -> catalogue.find(a).isPresent());
    }

    @Test
    void everyTableLineAgreesWithIamliveWhereIamliveKnowsTheOperation() {
        List<Operation> iamlive = iamliveOperations();
        int checked = 0;
        for (Rule rule : EventActions.get().rules()) {
            if (rule.action() == null) {
                continue;
            }
            String service = catalogue.serviceForEventSource(rule.eventSource());
            // Several SDKs may share a prefix and an operation name (S3 and S3Control): one of them must agree.
            Map<String, Set<String>> candidates = new HashMap<>();
            for (Operation op : iamlive) {
                boolean matches = op.prefix().equals(service) && (rule.pattern()
                        ? op.name().startsWith(rule.prefix()) && catalogue.find(op.action()).isEmpty()
                        : op.name().equalsIgnoreCase(rule.eventName()));
                if (matches && usable(op.actions()) && op.underItsOwnPrefix()) {
                    candidates.computeIfAbsent(op.name(), n -> new TreeSet<>()).addAll(op.actions());
                }
            }
            candidates.forEach((name, actions) -> assertThat(actions).as(rule + " vs iamlive " + name)
                    .contains(rule.action().toLowerCase(Locale.ROOT)));
            checked += candidates.size();
        }
        // Measured: 132 operation names, from the exact lines and the API Gateway and Budgets patterns; the lines
        // iamlive cannot check are CloudTrail-only names or iamlive actions the catalogue no longer has, and say so.
        assertThat(checked).isGreaterThanOrEqualTo(130);
    }

    @Test
    void mapsEveryS3OperationWhoseNameIsNotAnIamActionToACataloguedOne() {
        Map<String, Set<String>> iamlive = new HashMap<>();
        Map<String, Set<String>> control = new HashMap<>();
        for (Operation op : iamliveOperations()) {
            (op.sdk().equals("S3") ? iamlive : op.sdk().equals("S3Control") ? control : new HashMap<String, Set<String>>())
                    .put(op.name(), op.actions());
        }
        Set<String> operations = new TreeSet<>(iamlive.keySet());
        SharedSamples.cloudtrackerApiList().stream().filter(l -> l.startsWith("s3:"))
                .forEach(l -> operations.add(l.substring(3)));
        List<String> renamed = new ArrayList<>();
        for (String operation : operations) {
            Set<String> account = control.getOrDefault(operation, Set.of());
            if (account.stream().anyMatch(a -> a.startsWith("s3:")) && !account.equals(iamlive.get(operation))) {
                // The bucket call (S3) and the account call (S3Control) share this SDK name but not the action;
                // CloudTrail names them apart (PutBucketPublicAccessBlock), so the bare name is left unmapped.
                assertThat(EventActions.of("s3.amazonaws.com", operation).catalogued()).as(operation).isFalse();
                continue;
            }
            if (catalogue.find("s3:" + operation).isEmpty()) {
                renamed.add(operation);
                EventAction action = EventActions.of("s3.amazonaws.com", operation);
                assertThat(action.kind()).as(operation).isEqualTo(Kind.CATALOGUED);
                Set<String> expected = iamlive.getOrDefault(operation, Set.of());
                if (usable(expected)) {
                    assertThat(expected).as(operation).contains(action.action().toLowerCase(Locale.ROOT));
                }
            }
        }
        assertThat(renamed).hasSizeGreaterThan(50).contains("ListObjectsV2", "HeadObject", "UploadPart");
    }

    @Test
    void needsNoPermissionWhereIamliveAndCloudtrackerSaySo() {
        List<String> permissionless = new ArrayList<>();
        SharedSamples.iamlive().path("sdk_permissionless_actions").forEach(op -> {
            String[] sdkAndName = op.asText().split("\\.");
            permissionless.add(sdkAndName[0].toLowerCase(Locale.ROOT) + ":" + sdkAndName[1]);
        });
        SharedSamples.cloudtrackerMapping().path("cloudtrail_actions_without_iam_permission")
                .forEach(a -> permissionless.add(a.asText()));
        assertThat(permissionless).hasSizeGreaterThanOrEqualTo(10);
        for (String action : permissionless) {
            int colon = action.indexOf(':');
            EventAction found = EventActions.of(catalogue.eventSourceFor(action.substring(0, colon)),
                    action.substring(colon + 1));
            assertThat(found.kind()).as(action).isEqualTo(Kind.NO_PERMISSION);
        }
    }

    @Test
    void agreesWithIamliveOnNearlyEveryOperationItMaps() throws IOException {
        int agreed = 0;
        int usable = 0;
        List<String> disagreements = new ArrayList<>();
        for (Operation op : iamliveOperations()) {
            if (!usable(op.actions()) || !op.underItsOwnPrefix()) {
                continue;
            }
            usable++;
            EventAction action = EventActions.of(catalogue.eventSourceFor(op.prefix()), op.name());
            if (op.actions().contains(action.action().toLowerCase(Locale.ROOT)) || !action.needsPermission()) {
                agreed++;
            } else {
                disagreements.add(op.sdk() + "." + op.name() + " → " + action.action() + ", iamlive " + op.actions());
            }
        }
        // For ACTION-MAPPING.md: the measured agreement and every disagreement.
        Files.createDirectories(DISAGREEMENTS.getParent());
        Files.write(DISAGREEMENTS, Stream.concat(Stream.of(String.format(Locale.ROOT,
                "iamlive: %d of %d operations agree (%.1f%%)", agreed, usable, 100.0 * agreed / usable)),
                disagreements.stream().sorted()).toList());
        assertThat(usable).isGreaterThan(10_000);
        assertThat((double) agreed / usable).isGreaterThan(0.95);
    }
}
