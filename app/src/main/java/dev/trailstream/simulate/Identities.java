package dev.trailstream.simulate;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/** Writes {@code userIdentity} for each kind of principal, as CloudTrail does for it. */
final class Identities {
    private Identities() {
    }

    static void write(JsonGenerator g, Event e) throws IOException {
        Persona p = e.actor();
        String account = p.account().id();
        boolean signIn = e.call().eventName().equals("ConsoleLogin");
        g.writeObjectFieldStart("userIdentity");
        switch (p.archetype()) {
            case ROOT -> {
                g.writeStringField("type", "Root");
                g.writeStringField("principalId", account);
                g.writeStringField("arn", p.iamArn());
                g.writeStringField("accountId", account);
                if (!signIn) {
                    g.writeStringField("accessKeyId", sessionKey(e));
                    consoleSession(g, e);
                }
            }
            case SERVICE -> {
                g.writeStringField("type", "AWSService");
                g.writeStringField("invokedBy", p.name());
            }
            case FEDERATED_USER -> {
                g.writeStringField("type", "FederatedUser");
                g.writeStringField("principalId", p.uniqueId());
                g.writeStringField("arn", "arn:aws:sts::" + account + ":federated-user/" + p.name());
                g.writeStringField("accountId", account);
                g.writeStringField("accessKeyId", sessionKey(e));
                g.writeObjectFieldStart("sessionContext");
                g.writeObjectFieldStart("sessionIssuer");
                g.writeStringField("type", "IAMUser");
                g.writeStringField("principalId", Seeds.iamId("AIDA", Seeds.mix(0, account + p.detail())));
                g.writeStringField("arn", p.iamArn());
                g.writeStringField("accountId", account);
                g.writeStringField("userName", p.detail());
                g.writeEndObject();
                attributes(g, e);
                g.writeEndObject();
            }
            default -> {
                if (p.archetype().role) {
                    assumedRole(g, e);
                } else {
                    g.writeStringField("type", "IAMUser");
                    g.writeStringField("principalId", p.uniqueId());
                    g.writeStringField("arn", p.iamArn());
                    g.writeStringField("accountId", account);
                    if (!signIn) {
                        g.writeStringField("accessKeyId", e.console() ? sessionKey(e) : p.accessKeyId());
                    }
                    g.writeStringField("userName", p.name());
                    if (e.console() && !signIn) {
                        consoleSession(g, e);
                    }
                }
            }
        }
        g.writeEndObject();
    }

    private static void assumedRole(JsonGenerator g, Event e) throws IOException {
        Persona p = e.actor();
        String account = p.account().id();
        String session = e.sessionName() != null ? e.sessionName() : p.session();
        g.writeStringField("type", "AssumedRole");
        g.writeStringField("principalId", p.uniqueId() + ":" + session);
        g.writeStringField("arn", "arn:aws:sts::" + account + ":assumed-role/" + p.name() + "/" + session);
        g.writeStringField("accountId", account);
        g.writeStringField("accessKeyId", sessionKey(e));
        g.writeObjectFieldStart("sessionContext");
        g.writeObjectFieldStart("sessionIssuer");
        g.writeStringField("type", "Role");
        g.writeStringField("principalId", p.uniqueId());
        g.writeStringField("arn", p.iamArn());
        g.writeStringField("accountId", account);
        g.writeStringField("userName", p.name());
        g.writeEndObject();
        g.writeObjectFieldStart("webIdFederationData");
        g.writeEndObject();
        attributes(g, e);
        if (p.archetype() == Archetype.EC2_ROLE) {
            g.writeStringField("ec2RoleDelivery", "2.0");
        }
        g.writeEndObject();
    }

    private static void consoleSession(JsonGenerator g, Event e) throws IOException {
        g.writeObjectFieldStart("sessionContext");
        g.writeObjectFieldStart("sessionIssuer");
        g.writeEndObject();
        g.writeObjectFieldStart("webIdFederationData");
        g.writeEndObject();
        attributes(g, e);
        g.writeEndObject();
    }

    private static void attributes(JsonGenerator g, Event e) throws IOException {
        g.writeObjectFieldStart("attributes");
        g.writeStringField("creationDate", RecordWriter.time(e.sessionStart()));
        g.writeStringField("mfaAuthenticated", Boolean.toString(e.mfa()));
        g.writeEndObject();
    }

    /** Temporary credentials (ASIA…) change with each session; derived so that one session keeps one key. */
    private static String sessionKey(Event e) {
        return Seeds.iamId("ASIA", Seeds.mix(e.actor().index(), e.sessionStart().getEpochSecond()));
    }
}
