package dev.trailstream.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.trailstream.simulate.Calls.*;

/**
 * What each kind of principal calls. A persona takes a seeded subset of its archetype's pool, in a seeded order
 * that {@link Traffic} weighs like Zipf: the first calls are the bulk of its traffic, the last ones rare.
 */
final class Work {
    private Work() {
    }

    static List<Call> forPersona(Archetype archetype, String service, SplittableRandom r) {
        return switch (archetype) {
            case CONSOLE_USER -> pick(r, 14, List.of(EC2_DESCRIBE_INSTANCES, EC2_DESCRIBE_SECURITY_GROUPS, S3_LIST_BUCKETS,
                    S3_GET_BUCKET_POLICY, S3_GET_BUCKET_ACL, CW_GET_METRIC_DATA, CW_DESCRIBE_ALARMS, LOGS_DESCRIBE_LOG_GROUPS,
                    LOGS_FILTER_LOG_EVENTS, TRAIL_LOOKUP_EVENTS, IAM_LIST_ROLES, IAM_GET_ROLE, LAMBDA_LIST_FUNCTIONS,
                    RDS_DESCRIBE_D_B_INSTANCES, CFN_DESCRIBE_STACKS, CE_GET_COST_AND_USAGE, HEALTH_DESCRIBE_EVENTS,
                    EC2_DESCRIBE_VOLUMES, EC2_CREATE_TAGS, EC2_START_INSTANCES, EC2_STOP_INSTANCES, S3_PUT_BUCKET_TAGGING),
                    IAM_LIST_ROLES);
            case CLI_USER -> pick(r, 12, List.of(STS_GET_CALLER_IDENTITY, S3_LIST_BUCKETS, EC2_DESCRIBE_INSTANCES,
                    LOGS_FILTER_LOG_EVENTS, LOGS_GET_LOG_EVENTS, ECR_GET_AUTHORIZATION_TOKEN, ECS_DESCRIBE_SERVICES,
                    LAMBDA_LIST_FUNCTIONS, LAMBDA_GET_FUNCTION, SSM_GET_PARAMETER, CFN_DESCRIBE_STACKS, SM_GET_SECRET_VALUE,
                    DDB_DESCRIBE_TABLE, DDB_LIST_TABLES, S3_GET_BUCKET_LOCATION, LAMBDA_UPDATE_FUNCTION_CODE,
                    ECS_UPDATE_SERVICE), STS_GET_CALLER_IDENTITY);
            case SSO_USER -> pick(r, 14, List.of(EC2_DESCRIBE_INSTANCES, S3_LIST_BUCKETS, IAM_LIST_ROLES, IAM_GET_ROLE,
                    IAM_LIST_POLICIES, IAM_GET_POLICY_VERSION, SECHUB_GET_FINDINGS, GD_LIST_FINDINGS, GD_GET_FINDINGS,
                    CONFIG_DESCRIBE_CONFIG_RULES, TRAIL_LOOKUP_EVENTS, TRAIL_DESCRIBE_TRAILS, ORG_LIST_ACCOUNTS,
                    CW_GET_METRIC_DATA, EC2_DESCRIBE_VPCS, EC2_DESCRIBE_SUBNETS, KMS_LIST_ALIASES, IAM_GENERATE_CREDENTIAL_REPORT),
                    EC2_DESCRIBE_INSTANCES);
            case CI_ROLE -> pick(r, 24, List.of(STS_GET_CALLER_IDENTITY, EC2_DESCRIBE_VPCS, EC2_DESCRIBE_SUBNETS,
                    EC2_DESCRIBE_SECURITY_GROUPS, IAM_GET_ROLE, IAM_GET_POLICY, IAM_GET_POLICY_VERSION,
                    IAM_LIST_ATTACHED_ROLE_POLICIES, IAM_LIST_ROLE_POLICIES, S3_GET_BUCKET_POLICY, S3_GET_BUCKET_VERSIONING,
                    S3_GET_BUCKET_ENCRYPTION, S3_GET_BUCKET_TAGGING, S3_GET_BUCKET_ACL, LAMBDA_GET_FUNCTION,
                    LAMBDA_LIST_VERSIONS_BY_FUNCTION, LAMBDA_UPDATE_FUNCTION_CODE, LAMBDA_UPDATE_FUNCTION_CONFIGURATION,
                    LAMBDA_PUBLISH_VERSION, ECS_REGISTER_TASK_DEFINITION, ECS_UPDATE_SERVICE, ECS_DESCRIBE_SERVICES,
                    ECR_GET_AUTHORIZATION_TOKEN, ECR_BATCH_CHECK_LAYER_AVAILABILITY, ECR_INITIATE_LAYER_UPLOAD,
                    ECR_COMPLETE_LAYER_UPLOAD, ECR_PUT_IMAGE, DDB_DESCRIBE_TABLE, DDB_DESCRIBE_TIME_TO_LIVE,
                    DDB_DESCRIBE_CONTINUOUS_BACKUPS, LOGS_DESCRIBE_LOG_GROUPS, KMS_DESCRIBE_KEY,
                    ROUTE53_LIST_RESOURCE_RECORD_SETS, ROUTE53_GET_CHANGE, EC2_CREATE_TAGS, CB_BATCH_GET_BUILDS),
                    STS_GET_CALLER_IDENTITY);
            case APP_ROLE -> pick(r, 6, List.of(KMS_DECRYPT, KMS_GENERATE_DATA_KEY, SM_GET_SECRET_VALUE, SSM_GET_PARAMETER,
                    SSM_GET_PARAMETERS, SQS_GET_QUEUE_URL, SQS_GET_QUEUE_ATTRIBUTES, DDB_DESCRIBE_TABLE, S3_GET_OBJECT,
                    S3_PUT_OBJECT, LOGS_CREATE_LOG_STREAM, SNS_GET_TOPIC_ATTRIBUTES, STS_ASSUME_ROLE), null);
            case LAMBDA_ROLE -> pick(r, 5, List.of(LOGS_CREATE_LOG_STREAM, KMS_DECRYPT, S3_GET_OBJECT, S3_PUT_OBJECT,
                    DDB_DESCRIBE_TABLE, SM_GET_SECRET_VALUE, SSM_GET_PARAMETER, SQS_GET_QUEUE_ATTRIBUTES), LOGS_CREATE_LOG_STREAM);
            case EC2_ROLE -> pick(r, 6, List.of(SSM_UPDATE_INSTANCE_INFORMATION, SSM_LIST_INSTANCE_ASSOCIATIONS,
                    EC2_DESCRIBE_INSTANCES, EC2_DESCRIBE_TAGS, LOGS_CREATE_LOG_STREAM, LOGS_DESCRIBE_LOG_STREAMS,
                    S3_GET_OBJECT, KMS_DECRYPT, ASG_DESCRIBE_AUTO_SCALING_GROUPS, ECR_GET_AUTHORIZATION_TOKEN,
                    ECR_BATCH_GET_IMAGE), SSM_UPDATE_INSTANCE_INFORMATION);
            case KEY_USER -> pick(r, 5, List.of(S3_LIST_BUCKETS, S3_GET_BUCKET_LOCATION, S3_GET_OBJECT, S3_PUT_OBJECT,
                    CW_GET_METRIC_DATA, CW_LIST_METRICS, EC2_DESCRIBE_INSTANCES, STS_GET_CALLER_IDENTITY,
                    RDS_DESCRIBE_D_B_INSTANCES, CE_GET_COST_AND_USAGE), null);
            case FEDERATED_USER -> pick(r, 4, List.of(S3_LIST_BUCKETS, S3_GET_OBJECT, EC2_DESCRIBE_INSTANCES,
                    CW_GET_METRIC_DATA, ATHENA_START_QUERY_EXECUTION, ATHENA_GET_QUERY_EXECUTION), null);
            case SERVICE -> serviceWork(service);
            case UNUSED_USER, UNUSED_ROLE, ROOT -> List.of();
        };
    }

    /** AWS services act for the account mostly by assuming their service-linked roles and using KMS. */
    private static List<Call> serviceWork(String service) {
        return switch (service) {
            case "cloudtrail.amazonaws.com" -> List.of(KMS_GENERATE_DATA_KEY, STS_ASSUME_ROLE);
            case "kms.amazonaws.com" -> List.of(KMS_ROTATE_KEY);
            default -> List.of(STS_ASSUME_ROLE, KMS_DECRYPT);
        };
    }

    /** A seeded subset of {@code n} calls of the pool; {@code first}, when given, is always the most frequent. */
    private static List<Call> pick(SplittableRandom r, int n, List<Call> pool, Call first) {
        List<Call> shuffled = new ArrayList<>(pool);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            java.util.Collections.swap(shuffled, i, r.nextInt(i + 1));
        }
        if (first != null) {
            shuffled.remove(first);
            shuffled.add(0, first);
        }
        return List.copyOf(shuffled.subList(0, Math.min(n, shuffled.size())));
    }
}
