package dev.trailstream.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Picks the lister for the {@code source} setting's scheme: {@code s3://} reads S3, anything else a local folder. */
public final class ObjectListers {
    private static final Logger log = LoggerFactory.getLogger(ObjectListers.class);
    private static final Region FALLBACK_REGION = Region.US_EAST_1;

    private ObjectListers() {
    }

    public static ObjectLister open(CloudTrailSourceConfig config) {
        return config.s3Location()
                .<ObjectLister>map(location -> new S3Lister(s3Client(config), location, config.listingFilter()))
                .orElseGet(() -> new LocalFolderLister(config.sourceFolder(), config.listingFilter()));
    }

    /**
     * A synchronous S3 client: credentials always from the SDK's default chain (environment, system properties,
     * profile, container or instance role), never from the connector's config, which Connect shows over REST; the
     * standard retry strategy, which retries throttling (503 SlowDown) and 5xx answers with backoff.
     */
    static S3Client s3Client(CloudTrailSourceConfig config) {
        S3ClientBuilder builder = S3Client.builder()
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(override -> override.retryStrategy(RetryMode.STANDARD))
                .region(config.s3Region().map(Region::of).orElseGet(ObjectListers::defaultRegion))
                .forcePathStyle(config.s3PathStyle());
        config.s3Endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static Region defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            log.info("No AWS region configured (s3.region, aws.region, AWS_REGION, profile); using {}",
                    FALLBACK_REGION);
            return FALLBACK_REGION;
        }
    }
}
