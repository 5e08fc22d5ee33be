package dev.trailstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code trailstream iam}: IAM snapshots on Kafka. Only a holder of subcommands; alone it is a usage error. */
@Command(name = "iam", mixinStandardHelpOptions = true,
        description = "IAM snapshots (aws iam get-account-authorization-details) on the topic trailstream.iam-snapshots.",
        subcommands = {IamImportCommand.class, CommandLine.HelpCommand.class})
public final class IamCommand {
}
