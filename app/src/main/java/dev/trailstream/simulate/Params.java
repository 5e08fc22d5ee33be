package dev.trailstream.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.SplittableRandom;

/**
 * The request parameters and response elements of the calls the organisation makes most, shaped as CloudTrail
 * records them. Calls not listed here carry {@code requestParameters: null}, as many read calls really do.
 */
final class Params {
    private Params() {
    }

    static Event fill(Event e, SplittableRandom r) {
        Persona p = e.actor();
        String account = p.account().id();
        String app = p.detail() != null ? p.detail() : p.name();
        ObjectNode q = EventFactory.object();
        ObjectNode resp = null;
        switch (e.call().eventName()) {
            case "AssumeRole" -> {
                String role = p.archetype() == Archetype.SERVICE
                        ? "arn:aws:iam::" + account + ":role/aws-service-role/" + p.name() + "/AWSServiceRoleFor"
                        + serviceRoleSuffix(p.name())
                        : "arn:aws:iam::" + account + ":role/" + app + "-downstream";
                q.put("roleArn", role).put("roleSessionName", p.archetype() == Archetype.SERVICE
                        ? serviceRoleSuffix(p.name()) + "Session" : app).put("durationSeconds", 3600);
                resp = EventFactory.object();
                resp.putObject("credentials").put("accessKeyId", Seeds.iamId("ASIA", r.nextLong()))
                        .put("sessionToken", "IQoJb3JpZ2luX2VjE" + Seeds.hex(r, 24))
                        .put("expiration", e.time().plusSeconds(3600).toString());
                resp.putObject("assumedRoleUser").put("assumedRoleId", Seeds.iamId("AROA", r.nextLong()) + ":" + app)
                        .put("arn", role.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/") + "/" + app);
            }
            case "GetSecretValue", "DescribeSecret" -> q.put("secretId", "prod/" + app + "/db-credentials");
            case "GetParameter" -> q.put("name", "/" + app + "/config/feature-flags").put("withDecryption", true);
            case "GetParameters" -> q.putArray("names").add("/" + app + "/db/host").add("/" + app + "/db/port");
            case "CreateLogStream" -> q.put("logGroupName", logGroup(p)).put("logStreamName",
                    e.time().toString().substring(0, 10).replace('-', '/') + "/[$LATEST]" + Seeds.hex(r, 32));
            case "Decrypt" -> q.put("encryptionAlgorithm", "SYMMETRIC_DEFAULT");
            case "GenerateDataKey" -> q.put("keyId", "alias/" + app).put("keySpec", "AES_256");
            case "DescribeInstances" -> {
                q.putObject("instancesSet");
                q.putObject("filterSet");
            }
            case "GetQueueUrl", "GetQueueAttributes" -> q.put("queueName", app + "-jobs");
            case "DescribeTable", "DescribeTimeToLive", "DescribeContinuousBackups" -> q.put("tableName", app + "-state");
            case "ListBuckets" -> q.put("Host", "s3.amazonaws.com");
            case "GetBucketPolicy", "GetBucketAcl", "GetBucketVersioning", "GetBucketEncryption", "GetBucketTagging",
                 "GetBucketLocation", "PutBucketTagging" -> q.put("bucketName", bucket(p)).put("Host",
                    bucket(p) + ".s3." + e.region() + ".amazonaws.com");
            case "GetObject", "PutObject" -> q.put("bucketName", bucket(p)).put("Host",
                    bucket(p) + ".s3." + e.region() + ".amazonaws.com").put("key", "data/" + e.time().toString()
                    .substring(0, 10) + "/" + Seeds.hex(r, 12) + ".json");
            case "UpdateFunctionCode20150331v2", "GetFunction20150331v2", "PublishVersion20150331",
                 "UpdateFunctionConfiguration20150331v2", "ListVersionsByFunction20150331" ->
                    q.put("functionName", "arn:aws:lambda:" + e.region() + ":" + account + ":function:" + app);
            case "GetRole", "ListAttachedRolePolicies", "ListRolePolicies" -> q.put("roleName", app + "-task-role");
            case "UpdateInstanceInformation" -> q.put("instanceId", p.session() != null ? p.session() : "i-0")
                    .put("agentVersion", "3.3.987.0").put("agentStatus", "Active").put("platformType", "Linux");
            case "LookupEvents" -> q.put("maxResults", 50);
            case "StartInstances", "StopInstances" -> q.putObject("instancesSet").putArray("items").addObject()
                    .put("instanceId", "i-0" + Seeds.hex(r, 16));
            default -> q = null;
        }
        Event filled = e.withRequest(q);
        if (resp != null) {
            filled = filled.withResponse(resp);
        }
        if (e.call().eventName().equals("StartInstances") || e.call().eventName().equals("StopInstances")
                || e.call().eventName().equals("CreateTags")) {
            ObjectNode ok = EventFactory.object().put("requestId", e.requestId()).put("_return", true);
            filled = filled.withResponse(ok);
        }
        return filled;
    }

    static String bucket(Persona p) {
        return "acme-" + (p.detail() != null ? p.detail() : "shared") + "-" + p.account().id();
    }

    private static String logGroup(Persona p) {
        return p.archetype() == Archetype.LAMBDA_ROLE ? "/aws/lambda/" + p.detail() : "/ecs/" + p.detail();
    }

    private static String serviceRoleSuffix(String host) {
        String s = host.substring(0, host.indexOf('.'));
        return switch (s) {
            case "elasticloadbalancing" -> "ElasticLoadBalancing";
            case "autoscaling" -> "AutoScaling";
            case "cloudtrail" -> "CloudTrail";
            default -> Character.toUpperCase(s.charAt(0)) + s.substring(1);
        };
    }
}
