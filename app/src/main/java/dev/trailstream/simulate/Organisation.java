package dev.trailstream.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated organisation: its accounts and its population of principals, all derived from the spec's seed.
 *
 * <p>The first twelve principals are one of each kind the scenarios and the least-privilege advice need; after them
 * the mix repeats with more of the kinds an organisation has many of (applications, Lambda functions, people).
 * Principals go to accounts in turn.
 */
final class Organisation {
    private static final List<Archetype> FIRST = List.of(Archetype.CONSOLE_USER, Archetype.CLI_USER,
            Archetype.APP_ROLE, Archetype.CI_ROLE, Archetype.SSO_USER, Archetype.KEY_USER, Archetype.LAMBDA_ROLE,
            Archetype.EC2_ROLE, Archetype.SERVICE, Archetype.UNUSED_USER, Archetype.CONSOLE_USER, Archetype.UNUSED_ROLE);
    private static final List<Archetype> THEN = List.of(Archetype.APP_ROLE, Archetype.SSO_USER, Archetype.LAMBDA_ROLE,
            Archetype.CLI_USER, Archetype.SERVICE, Archetype.FEDERATED_USER, Archetype.APP_ROLE, Archetype.EC2_ROLE,
            Archetype.CONSOLE_USER, Archetype.SSO_USER, Archetype.LAMBDA_ROLE, Archetype.SERVICE, Archetype.KEY_USER,
            Archetype.UNUSED_ROLE);
    private static final List<String> ALIASES = List.of("acme-management", "acme-prod", "acme-staging", "acme-data",
            "acme-shared-services", "acme-dev", "acme-security", "acme-sandbox");
    private static final List<List<String>> REGION_PAIRS = List.of(List.of("us-east-1", "us-west-2"),
            List.of("eu-west-1", "eu-central-1"), List.of("us-east-2", "us-east-1"), List.of("ap-southeast-2", "ap-southeast-1"));
    private static final List<String> FIRST_NAMES = List.of("alice", "bob", "carol", "dmitri", "erin", "farah", "gwen",
            "hiro", "ines", "jamal", "kofi", "lena", "mateo", "nadia", "oscar", "priya", "quentin", "rosa", "sven", "tara");
    private static final List<String> LAST_NAMES = List.of("nguyen", "smith", "garcia", "kowalski", "okafor", "rossi",
            "tanaka", "muller", "silva", "haddad", "johansson", "dubois");
    private static final List<String> APPS = List.of("orders-api", "payments-worker", "catalog-service", "search-indexer",
            "notifications", "billing-export", "inventory-sync", "recommendations", "checkout-api", "fraud-scoring");
    private static final List<String> FUNCTIONS = List.of("thumbnail-generator", "invoice-pdf", "slack-alerts",
            "cost-report", "s3-object-scanner", "user-signup-hook", "nightly-cleanup", "webhook-relay");
    private static final List<String> INSTANCES = List.of("batch-worker", "jenkins-agent", "bastion", "kafka-broker",
            "grafana", "etl-runner");
    private static final List<String> CI = List.of("terraform-deployer", "github-actions-deploy", "codebuild-release");
    private static final List<String> KEY_USERS = List.of("svc-reporting", "datadog-integration", "backup-script",
            "legacy-etl");
    private static final List<String> SERVICES = List.of("config.amazonaws.com", "cloudtrail.amazonaws.com",
            "autoscaling.amazonaws.com", "elasticloadbalancing.amazonaws.com", "lambda.amazonaws.com",
            "ec2.amazonaws.com", "events.amazonaws.com", "kms.amazonaws.com");
    private static final List<String> PERMISSION_SETS = List.of("AdministratorAccess", "PowerUserAccess",
            "ReadOnlyAccess", "SecurityAudit");
    private static final int[] TIMEZONES = {1, 0, -5, 2, -8, 1};
    static final String DOMAIN = "acme-corp.example";
    /** The account an attacker shares data with and backdoors trust to. */
    static final String EXTERNAL_ACCOUNT = "193672423079";

    private final List<Account> accounts;
    private final List<Persona> personas;
    private final List<Persona> roots;

    Organisation(SimulationSpec spec) {
        SplittableRandom r = Seeds.random(spec.seed(), 0x0A);
        List<Account> a = new ArrayList<>();
        for (int i = 0; i < spec.accounts(); i++) {
            String id = String.format("%012d", 100_000_000_000L + Math.floorMod(r.nextLong(), 899_999_999_999L));
            List<String> regions = REGION_PAIRS.get(i % REGION_PAIRS.size());
            String alias = i < ALIASES.size() ? ALIASES.get(i) : "acme-workload-" + i;
            a.add(new Account(i, id, alias, regions.get(0), regions.get(1)));
        }
        accounts = List.copyOf(a);
        List<Persona> p = new ArrayList<>();
        int[] counts = new int[Archetype.values().length];
        for (int i = 0; i < spec.principals(); i++) {
            Archetype kind = i < FIRST.size() ? FIRST.get(i) : THEN.get((i - FIRST.size()) % THEN.size());
            p.add(persona(spec.seed(), i, kind, counts[kind.ordinal()]++, accounts.get(i % accounts.size())));
        }
        personas = List.copyOf(p);
        roots = accounts.stream().map(acc -> new Persona(-1 - acc.index(), Archetype.ROOT, acc, "root", "/", null,
                acc.id(), null, true, 0, acc.primary(), List.of("198.51.100.7"), Clients.BROWSERS.subList(0, 1),
                List.of(), null)).toList();
    }

    List<Account> accounts() {
        return accounts;
    }

    List<Persona> personas() {
        return personas;
    }

    Persona root(Account account) {
        return roots.get(account.index());
    }

    /** The n-th principal of a kind (wrapping round), for scenarios that need a particular victim. */
    Persona nth(Archetype kind, int n) {
        List<Persona> ofKind = personas.stream().filter(p -> p.archetype() == kind).toList();
        return ofKind.get(n % ofKind.size());
    }

    private static Persona persona(long seed, int index, Archetype kind, int nth, Account account) {
        SplittableRandom r = Seeds.random(seed, 0x0B, index);
        String id = account.id();
        String person = FIRST_NAMES.get(index % FIRST_NAMES.size()) + "." + LAST_NAMES.get((index * 7) % LAST_NAMES.size());
        int tz = TIMEZONES[index % TIMEZONES.length];
        String region = nth % 4 == 3 ? account.secondary() : account.primary();
        long uid = Seeds.mix(seed, id, index);
        String userId = Seeds.iamId("AIDA", uid);
        String roleId = Seeds.iamId("AROA", uid);
        String akia = Seeds.iamId("AKIA", ~uid);
        return switch (kind) {
            case CONSOLE_USER -> new Persona(index, kind, account, person, "/", null, userId, null,
                    nth % 3 != 1, tz, region, Clients.humanIps(r), List.of(Clients.BROWSERS.get(nth % 4),
                    Clients.AWS_INTERNAL), Work.forPersona(kind, null, r), null);
            case CLI_USER -> new Persona(index, kind, account, person, "/", null, userId, akia, false, tz, region,
                    Clients.humanIps(r), List.of(Clients.CLI.get(nth % 3)), Work.forPersona(kind, null, r), null);
            case SSO_USER -> {
                String ps = PERMISSION_SETS.get(nth % PERMISSION_SETS.size());
                String role = "AWSReservedSSO_" + ps + "_" + Seeds.hex(Seeds.random(seed, 0x0C, ps.hashCode()), 16);
                yield new Persona(index, kind, account, role, "/aws-reserved/sso.amazonaws.com/", person + "@" + DOMAIN,
                        Seeds.iamId("AROA", Seeds.mix(seed, id + role)), null, true, tz, region, Clients.humanIps(r),
                        List.of(Clients.BROWSERS.get((nth + 1) % 4), Clients.AWS_INTERNAL), Work.forPersona(kind, null, r), ps);
            }
            case CI_ROLE -> {
                String name = CI.get(nth % CI.size()) + suffix(nth, CI.size());
                yield new Persona(index, kind, account, name, "/", name, roleId, null, false, tz, account.primary(),
                        Clients.runnerIps(r), List.of(Clients.TERRAFORM), Work.forPersona(kind, null, r), null);
            }
            case APP_ROLE -> {
                String app = APPS.get(nth % APPS.size()) + suffix(nth, APPS.size());
                yield new Persona(index, kind, account, app + "-task-role", "/", app, roleId, null, false, 0, region,
                        Clients.awsIps(r), List.of(Clients.SDKS.get(nth % 3)), Work.forPersona(kind, null, r), app);
            }
            case LAMBDA_ROLE -> {
                String fn = FUNCTIONS.get(nth % FUNCTIONS.size()) + suffix(nth, FUNCTIONS.size());
                yield new Persona(index, kind, account, fn + "-lambda-role", "/service-role/", fn, roleId, null, false, 0,
                        region, List.of("3.25" + r.nextInt(10) + "." + r.nextInt(256) + "." + r.nextInt(256)),
                        List.of(nth % 2 == 0 ? Clients.SDKS.get(3) : Clients.SDKS.get(1)), Work.forPersona(kind, null, r), fn);
            }
            case EC2_ROLE -> {
                String host = INSTANCES.get(nth % INSTANCES.size()) + suffix(nth, INSTANCES.size());
                String instance = "i-0" + Seeds.hex(r, 16);
                yield new Persona(index, kind, account, host + "-ec2-role", "/", instance, roleId, null, false, 0, region,
                        Clients.awsIps(r).subList(1, 2), List.of(Clients.SDKS.get(nth % 2 == 0 ? 0 : 2)),
                        Work.forPersona(kind, null, r), host);
            }
            case KEY_USER -> new Persona(index, kind, account, KEY_USERS.get(nth % KEY_USERS.size()) + suffix(nth,
                    KEY_USERS.size()), "/", null, userId, akia, false, 0, region, List.of("3.8" + r.nextInt(10) + "."
                    + r.nextInt(256) + "." + r.nextInt(256)), List.of(Clients.SDKS.get(1)), Work.forPersona(kind, null, r), null);
            case SERVICE -> {
                String host = SERVICES.get(nth % SERVICES.size());
                yield new Persona(index, kind, account, host, "/", null, null, null, false, 0, region, List.of(host),
                        List.of(host), Work.forPersona(kind, host, r), null);
            }
            case FEDERATED_USER -> new Persona(index, kind, account, person, "/", null,
                    account.id() + ":" + person, null, false, tz, region, Clients.humanIps(r),
                    List.of(Clients.SDKS.get(1)), Work.forPersona(kind, null, r), "federation-broker");
            case UNUSED_USER -> new Persona(index, kind, account, "former-" + person, "/", null, userId, akia, false, tz,
                    region, List.of(), List.of(), List.of(), null);
            case UNUSED_ROLE -> new Persona(index, kind, account, "legacy-migration-role" + suffix(nth, 0), "/", null,
                    roleId, null, false, 0, region, List.of(), List.of(), List.of(), null);
            case ROOT -> throw new IllegalArgumentException("root is not part of the population");
        };
    }

    /** Distinguishes the second "orders-api" from the first once the name lists wrap. */
    private static String suffix(int nth, int size) {
        return size == 0 || nth < size ? (size == 0 && nth > 0 ? "-" + (nth + 1) : "") : "-" + (nth / size + 1);
    }
}
