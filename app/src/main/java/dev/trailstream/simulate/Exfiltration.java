package dev.trailstream.simulate;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static dev.trailstream.simulate.AttackBuilder.json;
import static dev.trailstream.simulate.AttackBuilder.params;
import static dev.trailstream.simulate.Calls.*;

/** A console user shares an EBS snapshot and an AMI with an outside account and opens a bucket to the world. */
final class Exfiltration implements Scenario {
    @Override
    public String id() {
        return "exfiltration";
    }

    @Override
    public List<String> mitre() {
        return List.of("T1537", "T1530");
    }

    @Override
    public double hourUtc() {
        return 20;
    }

    @Override
    public Attack plan(Organisation org, Traffic traffic, Instant start, SplittableRandom r) {
        Persona user = org.nth(Archetype.CONSOLE_USER, 0);
        String external = Organisation.EXTERNAL_ACCOUNT;
        String snapshot = "snap-0" + Seeds.hex(r, 16);
        String image = "ami-0" + Seeds.hex(r, 16);
        String bucket = Params.bucket(user);
        AttackBuilder b = new AttackBuilder(user, start, r)
                .session(e -> e.withSession(start.minusSeconds(600), null, true, user.mfa()));
        b.call(EC2_DESCRIBE_SNAPSHOTS, 0);
        b.call(EC2_MODIFY_SNAPSHOT_ATTRIBUTE, 40, e -> {
            var q = json().put("snapshotId", snapshot).put("attributeType", "CREATE_VOLUME_PERMISSION");
            q.putObject("createVolumePermission").putObject("add").putArray("items").addObject().put("userId", external);
            return e.withRequest(q).withResponse(json().put("requestId", e.requestId()).put("_return", true));
        });
        b.call(EC2_DESCRIBE_IMAGES, 30);
        b.call(EC2_MODIFY_IMAGE_ATTRIBUTE, 30, e -> {
            var q = json().put("imageId", image).put("attributeType", "launchPermission");
            q.putObject("launchPermission").putObject("add").putArray("items").addObject().put("userId", external);
            return e.withRequest(q).withResponse(json().put("requestId", e.requestId()).put("_return", true));
        });
        b.call(S3_GET_BUCKET_POLICY, 60, params(json().put("bucketName", bucket).put("policy", "")));
        b.call(S3_DELETE_BUCKET_PUBLIC_ACCESS_BLOCK, 20, params(json().put("bucketName", bucket)
                .put("publicAccessBlock", "")));
        b.call(S3_PUT_BUCKET_POLICY, 20, e -> {
            var q = json().put("bucketName", bucket).put("Host", bucket + ".s3." + e.region() + ".amazonaws.com");
            var statement = q.putObject("bucketPolicy").put("Version", "2012-10-17").putArray("Statement").addObject();
            statement.put("Sid", "PublicRead").put("Effect", "Allow").put("Principal", "*")
                    .put("Action", "s3:GetObject").put("Resource", "arn:aws:s3:::" + bucket + "/*");
            return e.withRequest(q);
        });
        return b.done(this, "IAM user " + user.name() + " shares snapshot " + snapshot + " and image " + image
                + " with account " + external + " and makes bucket " + bucket + " publicly readable.");
    }
}
