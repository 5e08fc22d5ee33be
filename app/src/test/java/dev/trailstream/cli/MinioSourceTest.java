package dev.trailstream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.nio.file.Path;

/**
 * {@link S3SourceTest}'s organisation run against MinIO in a container, a second S3 implementation, for machines
 * with Docker. Without a Docker engine it is skipped; S3Proxy in-process covers the same path everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class MinioSourceTest {
    @Container
    private static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2023-09-04T19-57-37Z");

    @TempDir
    Path tmp;

    @Test
    void readsASimulatedOrganisationFromMinioWithExactCounts() throws Exception {
        try (AwsCredentialProperties ignored = new AwsCredentialProperties(MINIO.getUserName(), MINIO.getPassword())) {
            S3SourceTest.assertReadsOrganisationExactly(MINIO.getS3URL(), tmp, 23, MINIO.getPassword());
        }
    }
}
