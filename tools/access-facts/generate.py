#!/usr/bin/env python3
"""Generate the facts the least-privilege report needs beyond the action catalogue (standard library only).

Reads
  normalize/src/main/resources/dev/trailstream/normalize/iam-actions.tsv.gz
                                the project's own catalogue (tools/iam-catalogue/generate.py): only catalogued
                                actions are written, in the catalogue's spelling
  <shared>/cloudtracker-mappings/cloudtracker/data/cloudtrail_supported_actions.txt
                                duo-labs/cloudtracker (BSD-3-Clause): the "prefix:Action" names CloudTrail records
  <shared>/cloudtracker-mappings/eventsource_iam_mapping.json
                                the same project's service and S3 event renames
  normalize/src/main/resources/dev/trailstream/normalize/event-actions.tsv
                                the project's own CloudTrail event -> IAM action exceptions: an action some event
                                maps to is recorded (under that event's name) even when the source does not list it
  <shared>/iam-dataset-tags/aws/tags.json
                                iann0036/iam-dataset (MIT): "iam" -> {"PrivEsc": [...], "CredentialExposure": [...]}

Writes into <out> (default: normalize/src/main/resources/dev/trailstream/access/)
  cloudtrail-observability.tsv.gz
        service<TAB>kind<TAB>Name,Name,... with kind "management", "data" or "never"; gzip with mtime 0 and no file
        name, so the same input gives the same bytes. A service with no line is unknown to the source; an action of
        a listed service on no line is one the source does not list as recorded.
  risk-tags.tsv
        service:Action<TAB>tag with tag "PrivEsc" or "CredentialExposure", sorted
  access-facts.properties
        counts, sources, generated-by

How an action is classified (first rule that applies):
  1. "never": permission-only actions that are not API calls of their own (PERMISSION_ONLY below): CloudTrail
     records the call that needed them, never them.
  2. "data": the operations CloudTrail records only as data events (DATA_EVENTS below: S3 object-level operations,
     Lambda invocations, DynamoDB item and stream operations, ...), whatever the source says: a trail without data
     events enabled never shows them.
  3. "management": the source lists the action (after its S3 event renames and service renames), or the
     project's event-actions.tsv maps a CloudTrail event to it.
  4. otherwise nothing is written: the Java side calls it "not recorded" when the source knows the service and
     "unknown" when it does not (the source dates from 2021 and knows 203 services; newer actions and services
     are not in it, so neither may be called unused with confidence).

Usage: python3 tools/access-facts/generate.py [--shared DIR] [--out DIR]
"""
import argparse
import gzip
import io
import json
import os
import re
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_SHARED = os.path.join(REPO_ROOT, "..", "shared", "data")
CATALOGUE = os.path.join(REPO_ROOT, "normalize", "src", "main", "resources", "dev", "trailstream", "normalize",
                         "iam-actions.tsv.gz")
EVENT_ACTIONS = os.path.join(REPO_ROOT, "normalize", "src", "main", "resources", "dev", "trailstream", "normalize",
                             "event-actions.tsv")
DEFAULT_OUT = os.path.join(REPO_ROOT, "normalize", "src", "main", "resources", "dev", "trailstream", "access")

# The project's own reading of AWS's CloudTrail documentation ("Logging data events"): which operations are data
# events. Regular expressions over "service:Action", matched ignoring case against catalogued actions.
DATA_EVENTS = [
    r"s3:(?!.*(ObjectLambda|ObjectLock|ObjectOwnership)).*Object.*",  # GetObject, PutObject, RestoreObject, ...
    r"s3:(AbortMultipartUpload|ListMultipartUploadParts|ListBucket|ListBucketVersions|ListBucketMultipartUploads)",
    r"s3-object-lambda:.*",
    r"lambda:(InvokeFunction|InvokeAsync|InvokeFunctionUrl)",
    r"dynamodb:(GetItem|PutItem|UpdateItem|DeleteItem|BatchGetItem|BatchWriteItem|ConditionCheckItem|Query|Scan"
    r"|PartiQLSelect|PartiQLInsert|PartiQLUpdate|PartiQLDelete|GetRecords|GetShardIterator|DescribeStream)",
    r"kinesis:(GetRecords|GetShardIterator|PutRecord|PutRecords|SubscribeToShard)",
    r"sqs:(SendMessage|ReceiveMessage|DeleteMessage|ChangeMessageVisibility)",
    r"sns:(Publish)",
    r"ebs:(GetSnapshotBlock|PutSnapshotBlock|ListChangedBlocks|ListSnapshotBlocks)",
    r"cloudtrail-data:PutAuditEvents",
]

# Permissions AWS checks while serving another call; there is no API call of that name to record.
PERMISSION_ONLY = ["iam:PassRole"]

RISK_TAGS = ["PrivEsc", "CredentialExposure"]


def fail(message):
    sys.exit("generate.py: " + message)


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def gzip_bytes(text):
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    return buffer.getvalue()


def write_bytes(path, data):
    with open(path, "wb") as f:
        f.write(data)


def read_catalogue():
    actions = {}
    with gzip.open(CATALOGUE, "rt", encoding="utf-8") as f:
        for line in f:
            service, name, _level = line.rstrip("\n").split("\t")
            actions[(service + ":" + name).lower()] = (service, name)
    return actions


def read_recorded(shared):
    mapping = load_json(os.path.join(shared, "cloudtracker-mappings", "eventsource_iam_mapping.json"))
    service_renames = mapping["service_renames_cloudtrail_to_iam"]
    # IAM name -> CloudTrail name; the source lists some S3 actions under their CloudTrail (API) name only.
    event_renames = {v.lower(): k.lower() for k, v in mapping["event_renames_iam_to_cloudtrail"].items()}
    recorded = set()
    services = set()
    path = os.path.join(shared, "cloudtracker-mappings", "cloudtracker", "data", "cloudtrail_supported_actions.txt")
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            if ":" not in line:
                fail("unexpected line %r in %s" % (line, path))
            service, name = line.split(":", 1)
            service = service_renames.get(service, service).lower()
            services.add(service)
            action = service + ":" + name.lower()
            recorded.add(event_renames.get(action, action))
    return services, recorded


def read_event_actions():
    """The IAM actions the project's exception table maps CloudTrail events to (not "-", not patterns)."""
    actions = set()
    with open(EVENT_ACTIONS, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 3:
                fail("unexpected line %r in %s" % (line, EVENT_ACTIONS))
            if fields[2] != "-" and "*" not in fields[1] and ":" in fields[2]:
                actions.add(fields[2].lower())
    return actions


def main():
    parser = argparse.ArgumentParser(description="Generate the least-privilege report's CloudTrail and risk facts.")
    parser.add_argument("--shared", default=DEFAULT_SHARED,
                        help="folder holding cloudtracker-mappings/ and iam-dataset-tags/ (default: ../shared/data)")
    parser.add_argument("--out", default=DEFAULT_OUT, help="folder to write the resources into")
    args = parser.parse_args()

    catalogue = read_catalogue()
    source_services, recorded = read_recorded(args.shared)
    mapped = read_event_actions()
    for a in mapped:
        if a not in catalogue:
            fail("event-actions.tsv maps to %s, which is not catalogued" % a)
    recorded |= mapped
    data_res = [re.compile(p, re.IGNORECASE) for p in DATA_EVENTS]
    permission_only = {a.lower() for a in PERMISSION_ONLY}
    for a in permission_only:
        if a not in catalogue:
            fail("permission-only action %s is not catalogued" % a)

    by_service = {}  # (service, kind) -> [names]
    counts = {"management": 0, "data": 0, "never": 0}
    for key in sorted(catalogue, key=lambda k: catalogue[k]):
        service, name = catalogue[key]
        if key in permission_only:
            kind = "never"
        elif any(r.fullmatch(service + ":" + name) for r in data_res):
            kind = "data"
        elif key in recorded:
            kind = "management"
        else:
            continue
        by_service.setdefault((service, kind), []).append(name)
        counts[kind] += 1
    # A known service whose every action is unlisted still gets a line, so that Java can tell "not recorded"
    # (source knows the service) from "unknown".
    for service in sorted(source_services):
        if not any(s == service for s, _ in by_service) and any(v[0] == service for v in catalogue.values()):
            by_service[(service, "management")] = []
    lines = ["%s\t%s\t%s\n" % (service, kind, ",".join(names)) for (service, kind), names in sorted(by_service.items())]
    os.makedirs(args.out, exist_ok=True)
    write_bytes(os.path.join(args.out, "cloudtrail-observability.tsv.gz"), gzip_bytes("".join(lines)))

    tags = load_json(os.path.join(args.shared, "iam-dataset-tags", "aws", "tags.json"))["iam"]
    rows = set()
    dropped = 0
    for tag in RISK_TAGS:
        for action in tags[tag]:
            if action.lower() in catalogue:
                service, name = catalogue[action.lower()]
                rows.add((service + ":" + name, tag))
            else:
                dropped += 1
    risk = ["# service:Action<TAB>risk tag. Generated by tools/access-facts/generate.py from facts in\n",
            "# iann0036/iam-dataset aws/tags.json (MIT); catalogued actions only.\n"]
    risk += ["%s\t%s\n" % row for row in sorted(rows)]
    write_bytes(os.path.join(args.out, "risk-tags.tsv"), "".join(risk).encode("utf-8"))

    known = {s for s, _ in by_service}
    properties = [
        "# Generated by tools/access-facts/generate.py; do not edit.",
        "observability-source=duo-labs/cloudtracker 822ef553266aca2b1d54fc44e09c230f6df77a8a",
        "risk-source=iann0036/iam-dataset 2073fa52ac008a45477aa0b1b4580cd99135bf60",
        "management=%d" % counts["management"],
        "data=%d" % counts["data"],
        "never=%d" % counts["never"],
        "known-services=%d" % len(known),
        "risk-tags=%d" % len(rows),
        "generated-by=tools/access-facts/generate.py",
    ]
    write_bytes(os.path.join(args.out, "access-facts.properties"), ("\n".join(properties) + "\n").encode("utf-8"))
    print("access-facts: %d management, %d data, %d never, %d services known; %d risk tags (%d uncatalogued dropped)"
          % (counts["management"], counts["data"], counts["never"], len(known), len(rows), dropped))


if __name__ == "__main__":
    main()
