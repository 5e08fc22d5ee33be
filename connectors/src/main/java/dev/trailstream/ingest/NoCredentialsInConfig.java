package dev.trailstream.ingest;

import org.apache.kafka.common.config.ConfigException;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Refuses AWS credentials in the connector's configuration, which Connect stores in plain text in its config topic
 * and shows over its REST API. S3 access comes from the AWS SDK's default credential chain only: the worker's IAM role
 * (instance profile, EKS pod identity or IRSA, ECS task role), {@code AWS_PROFILE} or the environment.
 *
 * <p>Two checks, neither of which echoes the value: a setting whose name says it is an AWS key, secret or session
 * token; and any value shaped like an AWS access key id ({@code AKIA…}, {@code ASIA…}), whatever its setting.
 * Kafka's own client overrides ({@code producer.override.*} and the like) are left alone: SASL/SSL settings belong
 * there, and Connect hides them when their type is PASSWORD.
 */
final class NoCredentialsInConfig {
    private static final Pattern CREDENTIAL_NAME = Pattern.compile(
            "(^|[._-])(aws|s3)[._-].*(access[._-]?key|secret|session[._-]?token)|"
                    + "(^|[._-])(access[._-]?key[._-]?id|secret[._-]?access[._-]?key|secret[._-]?key|session[._-]?token)($|[._-])");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("\\b(AKIA|ASIA|AIDA|AROA)[A-Z0-9]{16}\\b");
    private static final String ADVICE = "credentials are never configured here: give the Connect worker an IAM role "
            + "(instance profile, EKS pod identity, ECS task role) or AWS_PROFILE; the AWS SDK's default credential "
            + "chain finds them";

    private NoCredentialsInConfig() {
    }

    static void check(Map<?, ?> props) {
        for (Map.Entry<?, ?> e : props.entrySet()) {
            String name = String.valueOf(e.getKey()).toLowerCase(Locale.ROOT);
            if (name.startsWith("producer.override.") || name.startsWith("consumer.override.")
                    || name.startsWith("admin.override.")) {
                continue;
            }
            if (CREDENTIAL_NAME.matcher(name).find()) {
                throw new ConfigException(e.getKey() + ": " + ADVICE);
            }
            if (e.getValue() != null && ACCESS_KEY_ID.matcher(String.valueOf(e.getValue())).find()) {
                throw new ConfigException(e.getKey() + " holds what looks like an AWS access key id: " + ADVICE);
            }
        }
    }
}
