package dev.trailstream.simulate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/**
 * Makes the {@link Event}s of a persona's call with the details a real one has: its region, address and client, its
 * session, and the request parameters that detections and profiles read.
 */
final class EventFactory {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private EventFactory() {
    }

    /** A successful call by the persona at {@code time}, from its usual address and client. */
    static Event call(Persona p, Call call, Instant time, SplittableRandom r) {
        String region = call.global() || (call.service().equals("sts") && p.archetype().human())
                ? Account.GLOBAL_REGION
                : p.archetype().human() && r.nextInt(5) == 0 ? p.account().secondary() : p.region();
        String ip = p.ips().get(r.nextInt(p.ips().size()));
        String agent = p.userAgents().get(r.nextInt(p.userAgents().size()));
        if (agent.endsWith("md/command#") || agent.endsWith("command/")) {
            agent = agent + cliCommand(call);
        } else if (agent.endsWith("api/")) {
            agent = agent + call.service() + "#1.0";
        }
        boolean console = p.console() && !agent.startsWith("aws-cli");
        Instant sessionStart = time.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofMinutes(5 + (p.index() * 7L) % 50));
        if (sessionStart.plus(Duration.ofHours(1)).isBefore(time)) {
            sessionStart = sessionStart.plus(Duration.ofHours(1));
        }
        Event e = new Event(time, p, call, region, Seeds.uuid(r), Seeds.uuid(r), ip, agent, null, null, null, null,
                null, sessionStart, null, console, p.mfa() && p.console());
        return Params.fill(e, r);
    }

    /** {@code ec2 describe-instances} from {@code DescribeInstances}: what the CLI puts in its user agent. */
    static String cliCommand(Call call) {
        String name = call.eventName().replaceAll("20[0-9]{6}(v[0-9])?$", "");
        String dashed = name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
        String service = switch (call.service()) {
            case "monitoring" -> "cloudwatch";
            case "s3" -> "s3api";
            default -> call.service();
        };
        return service + "." + dashed;
    }

    static ObjectNode object() {
        return JSON.objectNode();
    }
}
