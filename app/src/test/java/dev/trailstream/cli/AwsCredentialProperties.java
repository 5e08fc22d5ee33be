package dev.trailstream.cli;

import java.util.HashMap;
import java.util.Map;

/**
 * Test credentials handed to the AWS SDK the way a user's reach it: through its default chain, here the
 * {@code aws.*} system properties. {@link #close()} puts back what was there before.
 */
final class AwsCredentialProperties implements AutoCloseable {
    private final Map<String, String> saved = new HashMap<>();

    AwsCredentialProperties(String keyId, String secret) {
        for (String[] p : new String[][]{{"aws.accessKeyId", keyId}, {"aws.secretAccessKey", secret},
                {"aws.region", "us-east-1"}}) {
            saved.put(p[0], System.getProperty(p[0]));
            System.setProperty(p[0], p[1]);
        }
    }

    @Override
    public void close() {
        saved.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }
}
