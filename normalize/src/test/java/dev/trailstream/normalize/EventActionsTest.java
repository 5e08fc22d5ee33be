package dev.trailstream.normalize;

import dev.trailstream.normalize.EventAction.Kind;
import dev.trailstream.normalize.EventActions.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventActionsTest {
    private final ActionCatalogue catalogue = ActionCatalogue.get();

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "lambda.amazonaws.com, ListFunctions20150331, lambda:ListFunctions",
            "lambda.amazonaws.com, UpdateFunctionCode20150331v2, lambda:UpdateFunctionCode",
            "lambda.amazonaws.com, UpdateFunctionCode20150331, lambda:UpdateFunctionCode",
            "lambda.amazonaws.com, GetFunction20150331v2, lambda:GetFunction",
            "lambda.amazonaws.com, UpdateFunctionConfiguration20150331v2, lambda:UpdateFunctionConfiguration",
            "lambda.amazonaws.com, AddPermission20150331v2, lambda:AddPermission",
            "lambda.amazonaws.com, GetLayerVersion20181031, lambda:GetLayerVersion",
            "cloudfront.amazonaws.com, CreateDistribution2020_05_31, cloudfront:CreateDistribution",
            "cloudfront.amazonaws.com, UpdateDistribution2017_03_25, cloudfront:UpdateDistribution",
    })
    void stripsApiVersionSuffixFromLambdaAndCloudFrontEvents(String source, String name, String action) {
        assertThat(EventActions.of(source, name)).isEqualTo(catalogued(action));
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "s3.amazonaws.com, ListObjects, s3:ListBucket",
            "s3.amazonaws.com, ListObjectsV2, s3:ListBucket",
            "s3.amazonaws.com, HeadBucket, s3:ListBucket",
            "s3.amazonaws.com, HeadObject, s3:GetObject",
            "s3.amazonaws.com, GetObject, s3:GetObject",
            "s3.amazonaws.com, ListBuckets, s3:ListAllMyBuckets",
            "s3.amazonaws.com, GetBucketLocation, s3:GetBucketLocation",
            "s3.amazonaws.com, ListObjectVersions, s3:ListBucketVersions",
            "s3.amazonaws.com, DeleteObjects, s3:DeleteObject",
            "s3.amazonaws.com, CreateMultipartUpload, s3:PutObject",
            "s3.amazonaws.com, UploadPart, s3:PutObject",
            "s3.amazonaws.com, CompleteMultipartUpload, s3:PutObject",
            "s3.amazonaws.com, CopyObject, s3:PutObject",
    })
    void mapsS3DataEventsToTheActionsThatAuthoriseThem(String source, String name, String action) {
        assertThat(EventActions.of(source, name, "AwsApiCall")).isEqualTo(catalogued(action));
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "s3.amazonaws.com, PutBucketPublicAccessBlock, s3:PutBucketPublicAccessBlock",
            "s3.amazonaws.com, DeleteBucketPublicAccessBlock, s3:PutBucketPublicAccessBlock",
            "s3.amazonaws.com, GetBucketEncryption, s3:GetEncryptionConfiguration",
            "s3.amazonaws.com, DeleteBucketEncryption, s3:PutEncryptionConfiguration",
            "s3.amazonaws.com, PutBucketLifecycle, s3:PutLifecycleConfiguration",
            "s3.amazonaws.com, GetBucketLifecycle, s3:GetLifecycleConfiguration",
            "s3.amazonaws.com, DeleteBucketReplication, s3:PutReplicationConfiguration",
            "s3.amazonaws.com, PutBucketPolicy, s3:PutBucketPolicy",
            "s3.amazonaws.com, GetBucketAcl, s3:GetBucketAcl",
    })
    void mapsS3BucketSettingsToTheirConfigurationActions(String source, String name, String action) {
        assertThat(EventActions.of(source, name)).isEqualTo(catalogued(action));
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "monitoring.amazonaws.com, PutMetricAlarm, cloudwatch:PutMetricAlarm",
            "email.amazonaws.com, SendEmail, ses:SendEmail",
            "iam.amazonaws.com, CreateUser, iam:CreateUser",
            "IAM.amazonaws.com, CreateAccessKey, iam:CreateAccessKey",
            "ec2.amazonaws.com, AssignIpv6Addresses, ec2:AssignIpv6Addresses",
            "ec2.amazonaws.com, DescribeInstances, ec2:DescribeInstances",
            "sts.amazonaws.com, AssumeRole, sts:AssumeRole",
            "cloudtrail.amazonaws.com, StopLogging, cloudtrail:StopLogging",
            "guardduty.amazonaws.com, DeleteDetector, guardduty:DeleteDetector",
            "lambda.amazonaws.com, Invoke, lambda:InvokeFunction",
            "sqs.amazonaws.com, SendMessageBatch, sqs:SendMessage",
            "kms.amazonaws.com, ReEncrypt, kms:ReEncryptFrom",
    })
    void mapsOtherServicesThroughTheirIamPrefix(String source, String name, String action) {
        assertThat(EventActions.of(source, name)).isEqualTo(catalogued(action));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "sts.amazonaws.com, GetCallerIdentity, AwsApiCall, sts:GetCallerIdentity",
            "sts.amazonaws.com, GetSessionToken, AwsApiCall, sts:GetSessionToken",
            "signin.amazonaws.com, ConsoleLogin, AwsConsoleSignIn, signin:ConsoleLogin",
            "signin.amazonaws.com, ConsoleLogin, , signin:ConsoleLogin",
            "signin.amazonaws.com, CheckMfa, AwsConsoleSignIn, signin:CheckMfa",
            "signin.amazonaws.com, SwitchRole, , signin:SwitchRole",
            "signin.amazonaws.com, ExitRole, , signin:ExitRole",
            "signin.amazonaws.com, RenewRole, , signin:RenewRole",
            "signin.amazonaws.com, GetSigninToken, AwsApiCall, signin:GetSigninToken",
            "signin.amazonaws.com, PasswordUpdated, AwsConsoleSignIn, signin:PasswordUpdated",
            "sso.amazonaws.com, Authenticate, AwsServiceEvent, sso:Authenticate",
            "kms.amazonaws.com, RotateKey, AwsServiceEvent, kms:RotateKey",
    })
    void needsNoPermissionForSignInsCallerIdentityAndEventsAwsEmits(String source, String name, String type,
                                                                     String action) {
        EventAction found = EventActions.of(source, name, type);
        assertThat(found.kind()).isEqualTo(Kind.NO_PERMISSION);
        assertThat(found.needsPermission()).isFalse();
        assertThat(found.action()).isEqualTo(action);
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "apigateway.amazonaws.com, GetRestApis, apigateway:GET",
            "apigateway.amazonaws.com, CreateDeployment, apigateway:POST",
            "apigateway.amazonaws.com, UpdateStage, apigateway:PATCH",
            "apigateway.amazonaws.com, DeleteRestApi, apigateway:DELETE",
            "apigateway.amazonaws.com, PutIntegration, apigateway:PUT",
            "apigateway.amazonaws.com, CreatePortal, apigateway:CreatePortal",
            "budgets.amazonaws.com, DescribeBudgets, budgets:ViewBudget",
            "budgets.amazonaws.com, CreateBudgetAction, budgets:CreateBudgetAction",
    })
    void authorisesApiGatewayByHttpVerbUnlessTheCatalogueNamesTheCall(String source, String name, String action) {
        assertThat(EventActions.of(source, name)).isEqualTo(catalogued(action));
    }

    @Test
    void keepsNamesThatMerelyEndInDigitsWhole() {
        // Every catalogued action whose name ends in a digit must map to itself, not to a shortened name.
        List<IamAction> digitEnded = catalogue.expand("*").stream()
                .filter(a -> Character.isDigit(a.name().charAt(a.name().length() - 1))).toList();
        assertThat(digitEnded).hasSizeGreaterThan(50);
        for (IamAction action : digitEnded) {
            assertThat(EventActions.of(catalogue.eventSourceFor(action.service()), action.name()))
                    .isEqualTo(catalogued(action.action()));
        }
    }

    @Test
    void stripsAVersionThatIsNotADateOnlyWhenTheShorterNameIsAnAction() {
        assertThat(EventActions.of("s3.amazonaws.com", "PutBucketV2"))
                .isEqualTo(new EventAction("s3:PutBucketV2", Kind.DERIVED, null));
        assertThat(EventActions.of("ec2.amazonaws.com", "Describe9999"))
                .isEqualTo(new EventAction("ec2:Describe9999", Kind.DERIVED, null));
        assertThat(EventActions.of("ec2.amazonaws.com", "DescribeInstances2"))
                .isEqualTo(catalogued("ec2:DescribeInstances"));
    }

    @Test
    void dropsADateSuffixEvenWhenTheRestIsNotCatalogued() {
        assertThat(EventActions.of("lambda.amazonaws.com", "FrobnicateFunction20150331v2"))
                .isEqualTo(new EventAction("lambda:FrobnicateFunction", Kind.DERIVED, null));
        // Eight digits that are no date (month 13) stay, unless the name without them is an action.
        assertThat(EventActions.of("lambda.amazonaws.com", "FrobnicateFunction20151399"))
                .isEqualTo(new EventAction("lambda:FrobnicateFunction20151399", Kind.DERIVED, null));
        assertThat(EventActions.of("lambda.amazonaws.com", "ListFunctions20151399"))
                .isEqualTo(catalogued("lambda:ListFunctions"));
    }

    @Test
    void keepsUnknownEventsAsDerivedActionsOfTheirService() {
        assertThat(EventActions.of("iam.amazonaws.com", "NotCreateUser"))
                .isEqualTo(new EventAction("iam:NotCreateUser", Kind.DERIVED, null));
        assertThat(EventActions.of("s3.amazonaws.com", "SetQueueAttributes").catalogued()).isFalse();
        assertThat(EventActions.of("tracker.example.com", "Ping"))
                .isEqualTo(new EventAction("tracker.example.com:Ping", Kind.DERIVED, null));
    }

    @Test
    void spellsActionsAsAwsDoesAndCarriesTheirAccessLevel() {
        EventAction action = EventActions.of("IAM.AMAZONAWS.COM", "putuserpolicy");
        assertThat(action).isEqualTo(new EventAction("iam:PutUserPolicy", Kind.CATALOGUED,
                AccessLevel.PERMISSIONS_MANAGEMENT));
        assertThat(action.service()).isEqualTo("iam");
        assertThat(EventActions.of("s3.amazonaws.com", "ListObjects").accessLevel()).isEqualTo(AccessLevel.LIST);
    }

    @Test
    void everyTableLineSaysWhyAndNamesACataloguedAction() {
        List<Rule> rules = EventActions.get().rules();
        assertThat(rules).hasSizeBetween(60, 100);
        assertThat(rules).allSatisfy(rule -> {
            assertThat(rule.why()).isNotBlank();
            assertThat(rule.eventSource()).endsWith(".amazonaws.com");
            if (rule.action() != null) {
                assertThat(catalogue.find(rule.action())).as(rule.action()).isPresent();
            }
        });
    }

    @Test
    void noTableLineHidesAnActionOfTheSameName() {
        // An exact line is tried before the catalogue: unless it says "no permission", it must not shadow a real action.
        for (Rule rule : EventActions.get().rules()) {
            if (rule.action() != null && !rule.pattern()) {
                String same = catalogue.serviceForEventSource(rule.eventSource()) + ":" + rule.eventName();
                assertThat(catalogue.find(same)).as(same).isEmpty();
            }
        }
    }

    @Test
    void rejectsTableLinesWithoutAReasonOrWithAWildcardInside() throws Exception {
        assertThatThrownBy(() -> parse("s3.amazonaws.com\tListObjects\ts3:ListBucket\n"))
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> parse("# comment\ns3.amazonaws.com\tList*Objects\ts3:ListBucket\t# why\n"))
                .hasMessageContaining("line 2").hasMessageContaining("Name*");
        assertThatThrownBy(() -> parse("s3.amazonaws.com\tListObjects\tListBucket\t# why\n"))
                .hasMessageContaining("service:Action");
        assertThat(parse("S3.amazonaws.com\tListObjects\t-\t# why, with # inside\n"))
                .containsExactly(new Rule("s3.amazonaws.com", "ListObjects", null, "why, with # inside"));
    }

    private static List<Rule> parse(String text) throws Exception {
        return EventActions.parse(new BufferedReader(new StringReader(text)));
    }

    private EventAction catalogued(String action) {
        IamAction found = catalogue.find(action).orElseThrow(() -> new AssertionError("not catalogued: " + action));
        return new EventAction(found.action(), Kind.CATALOGUED, found.accessLevel());
    }
}
