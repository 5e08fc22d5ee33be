package dev.trailstream.simulate;

import java.util.List;
import java.util.SplittableRandom;

/** Real-looking user agents and source addresses, per kind of caller. */
final class Clients {
    static final String AWS_INTERNAL = "AWS Internal";
    static final List<String> BROWSERS = List.of(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.6; rv:132.0) Gecko/20100101 Firefox/132.0",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36");
    static final List<String> CLI = List.of(
            "aws-cli/2.18.4 md/awscrt#0.22.0 ua/2.0 os/macos#24.0.0 md/arch#arm64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#",
            "aws-cli/2.17.52 md/awscrt#0.21.5 ua/2.0 os/linux#6.8.0-45-generic md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#",
            "aws-cli/2.15.30 Python/3.11.8 Windows/10 exe/AMD64 prompt/off command/");
    static final String TERRAFORM = "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) "
            + "terraform-provider-aws/5.74.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.3 "
            + "ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 api/";
    static final List<String> SDKS = List.of(
            "aws-sdk-java/2.28.16 Linux/5.10.226-214.880.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.12+7-LTS Java/17.0.12 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy",
            "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#5.10.227-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.54",
            "aws-sdk-go-v2/1.32.3 ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 exec-env/AWS_ECS_FARGATE",
            "aws-sdk-js/3.682.0 ua/2.1 os/linux#5.10.227-239.884.amzn2.x86_64 lang/js md/nodejs#20.18.0 exec-env/AWS_Lambda_nodejs20.x");
    static final List<String> ATTACKER_AGENTS = List.of(
            "aws-cli/1.18.69 Python/3.8.10 Linux/5.15.0-kali3-amd64 botocore/1.17.30",
            "python-requests/2.31.0",
            "Boto3/1.26.0 Python/3.10.12 Linux/6.1.0-kali7-amd64 Botocore/1.29.0");

    private Clients() {
    }

    /** Office and home broadband addresses (documentation ranges: nobody's real address). */
    static List<String> humanIps(SplittableRandom r) {
        return List.of("198.51.100." + (10 + r.nextInt(200)), "203.0.113." + (10 + r.nextInt(200)));
    }

    /** CI runners egress from a cloud provider's pool. */
    static List<String> runnerIps(SplittableRandom r) {
        return List.of("20.57." + r.nextInt(256) + "." + r.nextInt(256), "20.57." + r.nextInt(256) + "." + r.nextInt(256),
                "4.148." + r.nextInt(256) + "." + r.nextInt(256));
    }

    /** Workloads in a VPC call through NAT gateways (Elastic IPs) or VPC endpoints (private addresses). */
    static List<String> awsIps(SplittableRandom r) {
        return List.of("3.8" + r.nextInt(10) + "." + r.nextInt(256) + "." + r.nextInt(256),
                "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254)));
    }

    /** An address the principal has never used, from a hosting provider abroad. */
    static String attackerIp(SplittableRandom r) {
        return "185.220.101." + (1 + r.nextInt(250));
    }

    static String cli(String command) {
        return CLI.get(0) + command;
    }
}
