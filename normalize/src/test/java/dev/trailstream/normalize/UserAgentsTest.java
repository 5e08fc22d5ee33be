package dev.trailstream.normalize;

import dev.trailstream.normalize.SharedSamples.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/** User agents here are real ones from the samples in ../shared/data (Stratus Red Team, Panther, OTRF). */
class UserAgentsTest {

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
            "console.amazonaws.com | CONSOLE",
            "console.ec2.amazonaws.com | CONSOLE",
            "signin.amazonaws.com | CONSOLE",
            "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.11.666 Linux/4.9.184-0.1.ac.235.83.329.metal1.x86_64 OpenJDK_64-Bit_Server_VM/25.232-b09 java/1.8.0_232 vendor/Oracle_Corporation] | CONSOLE",
            "EC2ConsoleFrontend, aws-internal/3 aws-sdk-java/1.11.848 Linux/4.9.217-0.1.ac.205.84.332.metal1.x86_64 OpenJDK_64-Bit_Server_VM/25.262-b10 java/1.8.0_262 vendor/Oracle_Corporation | CONSOLE",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 | CONSOLE",
            "Mozilla | CONSOLE",
    })
    void recognisesTheConsoleAndBrowsersCallingForIt(String userAgent, UserAgentFamily family) {
        assertThat(UserAgents.family(userAgent)).isEqualTo(family);
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
            "aws-cli/2.13.0 Python/3.11.4 Linux/5.10.0-1234-aws exe/x86_64.ubuntu.22 | CLI",
            "[aws-cli/1.18.136 Python/3.8.5 Darwin/19.5.0 botocore/1.17.59] | CLI",
            "aws-cli/1.11.76 Python/2.7.10 Darwin/17.7.0 botocore/1.5.39 | CLI",
            "aws-cli/2.13.5 Python/3.11.4 Linux/4.14.255-314-253.539.amzn2.x86_64 exec-env/CloudShell exe/x86_64.amzn.2 prompt/off command/ec2.stop-instances | CLI",
            "aws-cli/2.15.59 md/awscrt#0.19.19 ua/2.0 os/macos#22.6.0 md/arch#arm64 lang/python#3.11.11 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#lambda.list-functions | CLI",
            "aws-cli/2.15.0 command/ec2.get-console-output | CLI",
    })
    void recognisesTheCliWhateverPythonAndConsoleWordsItCarries(String userAgent, UserAgentFamily family) {
        assertThat(UserAgents.family(userAgent)).isEqualTo(family);
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
            "Boto3/1.26.2 Python/3.10.8 Linux/4.14.294-220.533.amzn2.x86_64 exec-env/AWS_ECS_FARGATE Botocore/1.29.2 | SDK_PYTHON",
            "Boto3/1.26.0 | SDK_PYTHON",
            "aws-sdk-python/1.26.0 | SDK_PYTHON",
            "aws-sdk-java/2.20.0 | SDK_JAVA",
            "aws-sdk-go/1.15.12 (go1.12.6; linux; amd64) | SDK_GO",
            "aws-sdk-go/1.40.21 (go1.17; linux; amd64) exec-env/AWS_Lambda_go1.x | SDK_GO",
            "aws-sdk-go-v2/1.32.3 os/linux lang/go#1.23.1 md/GOOS#linux md/GOARCH#amd64 exec-env/grimoire_095724e3-1fa0-4e3e-b68a-e8581d194380 api/sts#1.26.2 | SDK_GO",
            "aws-sdk-nodejs/2.1234.0 linux/v18.17.0 exec-env/AWS_Lambda_nodejs18.x | SDK_JAVASCRIPT",
            "aws-sdk-js/3.458.0 ua/2.0 os/linux#5.10 lang/js md/nodejs#20.9.0 api/s3#3.458.0 | SDK_JAVASCRIPT",
            "aws-sdk-dotnet-coreclr/3.7.300.1 aws-sdk-dotnet-core/3.7.300.1 .NET_Core/6.0.25 OS/Linux | SDK_DOTNET",
            "aws-sdk-ruby3/3.190.0 ruby/3.2.2 x86_64-linux aws-sdk-s3/1.141.0 | SDK_RUBY",
            "aws-sdk-php/3.283.0 OS/Linux/5.15 lang/php#8.2.12 | SDK_OTHER",
    })
    void namesTheSdkLanguageWhereTheUserAgentSaysIt(String userAgent, UserAgentFamily family) {
        assertThat(UserAgents.family(userAgent)).isEqualTo(family);
        assertThat(family.isSdk()).isTrue();
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
            "APN/1.0 HashiCorp/1.0 Terraform/1.1.2 (+https://www.terraform.io) terraform-provider-aws/3.76.1 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go/1.44.157 (go1.19.3; darwin; arm64) | TERRAFORM",
            "aws-sdk-go/1.29.7 (go1.13.7; darwin; amd64) APN/1.0 HashiCorp/1.0 Terraform/0.12.24 (+https://www.terraform.io) | TERRAFORM",
            "cloudformation.amazonaws.com | CLOUDFORMATION",
            "AWS Internal | AWS_SERVICE",
            "autoscaling.amazonaws.com | AWS_SERVICE",
            "eks-nodegroup.amazonaws.com | AWS_SERVICE",
            "aws-internal/3 aws-sdk-java/1.11.1030 Linux/5.4.116-64.217.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.302-b08 java/1.8.0_302 vendor/Oracle_Corporation cfg/retry-mode/legacy | AWS_SERVICE",
            "amazon-ssm-agent/3.2.0 | AWS_SERVICE",
            "awslambda-worker/1.0 rusoto/0.47.0 rust/1.55.0 linux | AWS_SERVICE",
    })
    void tellsToolsAndAwsItselfApartFromTheSdksTheyEmbed(String userAgent, UserAgentFamily family) {
        assertThat(UserAgents.family(userAgent)).isEqualTo(family);
    }

    @ParameterizedTest(name = "OTHER: {0}")
    @ValueSource(strings = {"python-requests/2.28.0", "TruffleHog", "trufflehog/3.63.0", "Datadog",
            "Python-httplib2/0.8 (gzip)", "stratus-red-team_ea782787-a65d-4fc4-9fca-1c97869a9a25",
            "Jersey/${project.version}"})
    void callsEverythingElseOther(String userAgent) {
        assertThat(UserAgents.family(userAgent)).isEqualTo(UserAgentFamily.OTHER);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void callsAMissingUserAgentUnknown(String userAgent) {
        assertThat(UserAgents.family(userAgent)).isEqualTo(UserAgentFamily.UNKNOWN);
    }

    @Test
    void labelsFamiliesForMetricsInLowerCase() {
        assertThat(UserAgentFamily.SDK_PYTHON.label()).isEqualTo("sdk-python");
        assertThat(UserAgentFamily.AWS_SERVICE.label()).isEqualTo("aws-service");
        assertThat(UserAgentFamily.CLI.isSdk()).isFalse();
    }

    @Test
    void placesEveryUserAgentOfTheSamplesThatNamesAKnownClientInItsFamily() {
        List<String> agents = SharedSamples.events().stream().map(s -> s.text("userAgent"))
                .filter(Objects::nonNull).toList();
        Map<UserAgentFamily, Integer> counts = new EnumMap<>(UserAgentFamily.class);
        for (String agent : agents) {
            UserAgentFamily family = UserAgents.family(agent);
            counts.merge(family, 1, Integer::sum);
            String lower = agent.toLowerCase(Locale.ROOT);
            if (family == UserAgentFamily.OTHER) {
                // Nothing an AWS client writes may fall through to OTHER.
                assertThat(lower).as(agent).doesNotContain("aws-sdk", "aws-cli", "boto", "terraform", "amazonaws.com",
                        "console", "mozilla");
            }
        }
        // Measured over the 818 events with a user agent: console 252, CLI 104, AWS 52, Go 19, CloudFormation 18,
        // Python 12, Terraform 8, Java 1, other 352 (Stratus Red Team's own per-run agent, Panther's placeholders).
        assertThat(counts.get(UserAgentFamily.CONSOLE)).isGreaterThanOrEqualTo(200);
        assertThat(counts.get(UserAgentFamily.CLI)).isGreaterThanOrEqualTo(80);
        assertThat(counts.get(UserAgentFamily.AWS_SERVICE)).isGreaterThanOrEqualTo(40);
        assertThat(counts).containsKeys(UserAgentFamily.SDK_PYTHON, UserAgentFamily.SDK_GO, UserAgentFamily.SDK_JAVA,
                UserAgentFamily.TERRAFORM, UserAgentFamily.CLOUDFORMATION, UserAgentFamily.OTHER);
    }

    @Test
    void classifiesTheStratusDetonationsCustomAgentAsOther() {
        List<Sample> stratus = SharedSamples.events().stream().filter(s -> s.dataset().equals("stratus-red-team"))
                .filter(s -> s.text("userAgent") != null && s.text("userAgent").startsWith("stratus-red-team_"))
                .toList();
        assertThat(stratus).isNotEmpty()
                .allSatisfy(s -> assertThat(UserAgents.family(s.text("userAgent"))).isEqualTo(UserAgentFamily.OTHER));
    }
}
