package dev.trailstream.simulate;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static dev.trailstream.simulate.AttackBuilder.json;
import static dev.trailstream.simulate.AttackBuilder.params;
import static dev.trailstream.simulate.Calls.*;

/**
 * An administrator's Identity Center session blinds the account: trail event selectors narrowed, logging stopped,
 * the trail deleted, VPC flow logs removed and GuardDuty's detector deleted.
 */
final class DefenseEvasion implements Scenario {
    @Override
    public String id() {
        return "defense-evasion";
    }

    @Override
    public List<String> mitre() {
        return List.of("T1562.008", "T1562.001");
    }

    @Override
    public double hourUtc() {
        return 1;
    }

    @Override
    public Attack plan(Organisation org, Traffic traffic, Instant start, SplittableRandom r) {
        Persona admin = org.nth(Archetype.SSO_USER, 0);
        String trail = admin.account().trailArn();
        String ip = Clients.attackerIp(r);
        AttackBuilder b = new AttackBuilder(admin, start, r).from(ip, Clients.cli(""))
                .session(e -> e.withSession(e.sessionStart(), null, false, true));
        b.call(TRAIL_DESCRIBE_TRAILS, 0);
        b.call(TRAIL_GET_TRAIL_STATUS, 5, params(json().put("name", trail)));
        b.call(TRAIL_PUT_EVENT_SELECTORS, 20, e -> {
            var q = json().put("trailName", trail);
            q.putArray("eventSelectors").addObject().put("readWriteType", "ReadOnly")
                    .put("includeManagementEvents", false).putArray("dataResources");
            return e.withRequest(q);
        });
        b.call(TRAIL_STOP_LOGGING, 15, params(json().put("name", trail)));
        b.call(TRAIL_DELETE_TRAIL, 20, params(json().put("name", trail)));
        b.call(EC2_DESCRIBE_FLOW_LOGS, 30);
        b.call(EC2_DELETE_FLOW_LOGS, 10, e -> {
            var q = json();
            q.putObject("DeleteFlowLogsRequest").putObject("FlowLogId").put("content", "fl-0" + Seeds.hex(b.random(), 16))
                    .put("tag", 1);
            return e.withRequest(q).withResponse(json().set("DeleteFlowLogsResponse", json()
                    .put("requestId", e.requestId()).set("unsuccessful", json().put("tag", 1))));
        });
        b.call(GD_LIST_DETECTORS, 20);
        b.call(GD_DELETE_DETECTOR, 10, params(json().put("detectorId", Seeds.hex(b.random(), 32))));
        return b.done(this, "Identity Center user " + admin.session() + " (" + admin.detail() + ") from " + ip
                + " narrows and stops the trail, deletes it, deletes VPC flow logs and the GuardDuty detector.");
    }
}
