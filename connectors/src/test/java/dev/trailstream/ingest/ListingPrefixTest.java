package dev.trailstream.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ListingPrefixTest {

    @Test
    void recognisesTheLayoutWhenTheSourceIsAWSLogsItselfOrOneAccountsFolder() {
        assertThat(ListingPrefix.of("111122223333/CloudTrail/us-east-1/2026/11/02/x.json.gz"))
                .isEqualTo("111122223333/CloudTrail/us-east-1/");
        assertThat(ListingPrefix.of("o-aa11bb22cc/111122223333/CloudTrail/eu-west-1/2026/11/02/x.json.gz"))
                .isEqualTo("o-aa11bb22cc/111122223333/CloudTrail/eu-west-1/");
        assertThat(ListingPrefix.of("CloudTrail/ap-south-1/2026/11/02/x.json.gz")).isEqualTo("CloudTrail/ap-south-1/");
        assertThat(ListingPrefix.of("111122223333/Config/us-east-1/x.json")).isEmpty();
    }

    @Test
    void isTheAccountAndRegionFolderOfACloudTrailKey() {
        assertThat(ListingPrefix.of("AWSLogs/111122223333/CloudTrail/us-east-1/2024/01/01/"
                + "111122223333_CloudTrail_us-east-1_20240101T0000Z_x.json.gz"))
                .isEqualTo("AWSLogs/111122223333/CloudTrail/us-east-1/");
        assertThat(ListingPrefix.of("trails/prod/AWSLogs/111122223333/CloudTrail/eu-west-1/2024/01/01/x.json"))
                .isEqualTo("trails/prod/AWSLogs/111122223333/CloudTrail/eu-west-1/");
    }

    @Test
    void coversDigestAndInsightFoldersAsPrefixesOfTheirOwn() {
        assertThat(ListingPrefix.of("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/01/01/d.json.gz"))
                .isEqualTo("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/");
        assertThat(ListingPrefix.of("AWSLogs/111122223333/CloudTrail-Insight/us-gov-west-1/2024/01/01/i.json.gz"))
                .isEqualTo("AWSLogs/111122223333/CloudTrail-Insight/us-gov-west-1/");
    }

    @Test
    void includesTheOrganisationOfAnOrganisationTrail() {
        assertThat(ListingPrefix.of("AWSLogs/o-aa11bb22cc/111122223333/CloudTrail/ap-southeast-2/2024/01/01/x.json"))
                .isEqualTo("AWSLogs/o-aa11bb22cc/111122223333/CloudTrail/ap-southeast-2/");
    }

    @Test
    void isEmptyForKeysOutsideTheCloudTrailLayout() {
        assertThat(ListingPrefix.of("2024/01/a.json")).isEmpty();
        assertThat(ListingPrefix.of("notes.txt")).isEmpty();
        assertThat(ListingPrefix.of("AWSLogs/1/CloudTrail/us-east-1/x.json")).as("account not 12 digits").isEmpty();
        assertThat(ListingPrefix.of("AWSLogs/111122223333/CloudTrail/us-east-1.json")).as("no region folder").isEmpty();
        assertThat(ListingPrefix.of("AWSLogs/111122223333/Config/us-east-1/x.json")).isEmpty();
        assertThat(ListingPrefix.of("MyAWSLogs/111122223333/CloudTrail/us-east-1/x.json")).isEmpty();
        assertThat(ListingPrefix.of("AWSLogs/x-aa11bb22cc/111122223333/CloudTrail/us-east-1/x.json")).isEmpty();
    }

    @Test
    void takesTheOutermostMatchSoThatAPrefixFolderIsThePrefixOfAllBelowIt() {
        String outer = "AWSLogs/111122223333/CloudTrail/us-east-1/";

        assertThat(ListingPrefix.of(outer + "AWSLogs/444455556666/CloudTrail/eu-west-1/x.json")).isEqualTo(outer);
        assertThat(ListingPrefix.isPrefixFolder("AWSLogs/111122223333/CloudTrail/us-east-1")).isTrue();
        assertThat(ListingPrefix.isPrefixFolder("AWSLogs/111122223333/CloudTrail")).isFalse();
        assertThat(ListingPrefix.isPrefixFolder("AWSLogs/111122223333/CloudTrail/us-east-1/2024")).isFalse();
    }
}
