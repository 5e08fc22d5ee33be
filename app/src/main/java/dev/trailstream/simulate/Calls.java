package dev.trailstream.simulate;

import java.util.List;

/**
 * The real CloudTrail {@code eventSource}/{@code eventName} pairs the simulated organisation calls, taken from real
 * logs (Stratus Red Team detonations, Panther's CloudTrail rule tests) and the services' API references. Names are as
 * CloudTrail writes them, which is not always the API name ({@code ListFunctions20150331}, {@code monitoring}).
 */
final class Calls {
    static final Call EC2_DESCRIBE_INSTANCES = api("ec2", "DescribeInstances", true);
    static final Call EC2_DESCRIBE_SECURITY_GROUPS = api("ec2", "DescribeSecurityGroups", true);
    static final Call EC2_DESCRIBE_VPCS = api("ec2", "DescribeVpcs", true);
    static final Call EC2_DESCRIBE_SUBNETS = api("ec2", "DescribeSubnets", true);
    static final Call EC2_DESCRIBE_VOLUMES = api("ec2", "DescribeVolumes", true);
    static final Call EC2_DESCRIBE_SNAPSHOTS = api("ec2", "DescribeSnapshots", true);
    static final Call EC2_DESCRIBE_IMAGES = api("ec2", "DescribeImages", true);
    static final Call EC2_DESCRIBE_INSTANCE_STATUS = api("ec2", "DescribeInstanceStatus", true);
    static final Call EC2_DESCRIBE_NETWORK_INTERFACES = api("ec2", "DescribeNetworkInterfaces", true);
    static final Call EC2_DESCRIBE_REGIONS = api("ec2", "DescribeRegions", true);
    static final Call EC2_DESCRIBE_AVAILABILITY_ZONES = api("ec2", "DescribeAvailabilityZones", true);
    static final Call EC2_DESCRIBE_TAGS = api("ec2", "DescribeTags", true);
    static final Call EC2_DESCRIBE_LAUNCH_TEMPLATES = api("ec2", "DescribeLaunchTemplates", true);
    static final Call EC2_DESCRIBE_KEY_PAIRS = api("ec2", "DescribeKeyPairs", true);
    static final Call EC2_DESCRIBE_ROUTE_TABLES = api("ec2", "DescribeRouteTables", true);
    static final Call EC2_DESCRIBE_FLOW_LOGS = api("ec2", "DescribeFlowLogs", true);
    static final Call EC2_DESCRIBE_INSTANCE_ATTRIBUTE = api("ec2", "DescribeInstanceAttribute", true);
    static final Call EC2_CREATE_TAGS = api("ec2", "CreateTags", false);
    static final Call EC2_RUN_INSTANCES = api("ec2", "RunInstances", false);
    static final Call EC2_TERMINATE_INSTANCES = api("ec2", "TerminateInstances", false);
    static final Call EC2_START_INSTANCES = api("ec2", "StartInstances", false);
    static final Call EC2_STOP_INSTANCES = api("ec2", "StopInstances", false);
    static final Call EC2_CREATE_SNAPSHOT = api("ec2", "CreateSnapshot", false);
    static final Call EC2_AUTHORIZE_SECURITY_GROUP_INGRESS = api("ec2", "AuthorizeSecurityGroupIngress", false);
    static final Call EC2_MODIFY_SNAPSHOT_ATTRIBUTE = api("ec2", "ModifySnapshotAttribute", false);
    static final Call EC2_MODIFY_IMAGE_ATTRIBUTE = api("ec2", "ModifyImageAttribute", false);
    static final Call EC2_DELETE_FLOW_LOGS = api("ec2", "DeleteFlowLogs", false);
    static final Call EC2_CREATE_LAUNCH_TEMPLATE_VERSION = api("ec2", "CreateLaunchTemplateVersion", false);
    static final Call S3_LIST_BUCKETS = api("s3", "ListBuckets", true);
    static final Call S3_GET_BUCKET_LOCATION = api("s3", "GetBucketLocation", true);
    static final Call S3_GET_BUCKET_POLICY = api("s3", "GetBucketPolicy", true);
    static final Call S3_GET_BUCKET_ACL = api("s3", "GetBucketAcl", true);
    static final Call S3_GET_BUCKET_VERSIONING = api("s3", "GetBucketVersioning", true);
    static final Call S3_GET_BUCKET_ENCRYPTION = api("s3", "GetBucketEncryption", true);
    static final Call S3_GET_BUCKET_TAGGING = api("s3", "GetBucketTagging", true);
    static final Call S3_GET_BUCKET_PUBLIC_ACCESS_BLOCK = api("s3", "GetBucketPublicAccessBlock", true);
    static final Call S3_GET_BUCKET_LOGGING = api("s3", "GetBucketLogging", true);
    static final Call S3_GET_BUCKET_LIFECYCLE = api("s3", "GetBucketLifecycle", true);
    static final Call S3_PUT_BUCKET_TAGGING = api("s3", "PutBucketTagging", false);
    static final Call S3_CREATE_BUCKET = api("s3", "CreateBucket", false);
    static final Call S3_PUT_BUCKET_POLICY = api("s3", "PutBucketPolicy", false);
    static final Call S3_DELETE_BUCKET_PUBLIC_ACCESS_BLOCK = api("s3", "DeleteBucketPublicAccessBlock", false);
    static final Call IAM_LIST_USERS = api("iam", "ListUsers", true);
    static final Call IAM_LIST_ROLES = api("iam", "ListRoles", true);
    static final Call IAM_LIST_POLICIES = api("iam", "ListPolicies", true);
    static final Call IAM_GET_ROLE = api("iam", "GetRole", true);
    static final Call IAM_GET_USER = api("iam", "GetUser", true);
    static final Call IAM_GET_POLICY = api("iam", "GetPolicy", true);
    static final Call IAM_GET_POLICY_VERSION = api("iam", "GetPolicyVersion", true);
    static final Call IAM_LIST_ATTACHED_ROLE_POLICIES = api("iam", "ListAttachedRolePolicies", true);
    static final Call IAM_LIST_ROLE_POLICIES = api("iam", "ListRolePolicies", true);
    static final Call IAM_LIST_ATTACHED_USER_POLICIES = api("iam", "ListAttachedUserPolicies", true);
    static final Call IAM_LIST_USER_POLICIES = api("iam", "ListUserPolicies", true);
    static final Call IAM_LIST_GROUPS_FOR_USER = api("iam", "ListGroupsForUser", true);
    static final Call IAM_LIST_ACCESS_KEYS = api("iam", "ListAccessKeys", true);
    static final Call IAM_GET_ACCOUNT_SUMMARY = api("iam", "GetAccountSummary", true);
    static final Call IAM_GET_ACCOUNT_AUTHORIZATION_DETAILS = api("iam", "GetAccountAuthorizationDetails", true);
    static final Call IAM_LIST_INSTANCE_PROFILES_FOR_ROLE = api("iam", "ListInstanceProfilesForRole", true);
    static final Call IAM_GET_INSTANCE_PROFILE = api("iam", "GetInstanceProfile", true);
    static final Call IAM_LIST_M_F_A_DEVICES = api("iam", "ListMFADevices", true);
    static final Call IAM_LIST_ACCOUNT_ALIASES = api("iam", "ListAccountAliases", true);
    static final Call IAM_GET_CREDENTIAL_REPORT = api("iam", "GetCredentialReport", true);
    static final Call IAM_LIST_GROUPS = api("iam", "ListGroups", true);
    static final Call IAM_GET_ACCOUNT_PASSWORD_POLICY = api("iam", "GetAccountPasswordPolicy", true);
    static final Call IAM_GET_LOGIN_PROFILE = api("iam", "GetLoginProfile", true);
    static final Call IAM_GENERATE_CREDENTIAL_REPORT = api("iam", "GenerateCredentialReport", false);
    static final Call IAM_CREATE_ROLE = api("iam", "CreateRole", false);
    static final Call IAM_ATTACH_ROLE_POLICY = api("iam", "AttachRolePolicy", false);
    static final Call IAM_PUT_ROLE_POLICY = api("iam", "PutRolePolicy", false);
    static final Call IAM_TAG_ROLE = api("iam", "TagRole", false);
    static final Call IAM_PUT_USER_POLICY = api("iam", "PutUserPolicy", false);
    static final Call IAM_ATTACH_USER_POLICY = api("iam", "AttachUserPolicy", false);
    static final Call IAM_CREATE_POLICY_VERSION = api("iam", "CreatePolicyVersion", false);
    static final Call IAM_CREATE_ACCESS_KEY = api("iam", "CreateAccessKey", false);
    static final Call IAM_CREATE_LOGIN_PROFILE = api("iam", "CreateLoginProfile", false);
    static final Call IAM_UPDATE_ASSUME_ROLE_POLICY = api("iam", "UpdateAssumeRolePolicy", false);
    static final Call IAM_CREATE_SERVICE_LINKED_ROLE = api("iam", "CreateServiceLinkedRole", false);
    static final Call STS_GET_CALLER_IDENTITY = api("sts", "GetCallerIdentity", true);
    static final Call STS_ASSUME_ROLE = api("sts", "AssumeRole", false);
    static final Call STS_GET_SESSION_TOKEN = api("sts", "GetSessionToken", false);
    static final Call STS_GET_FEDERATION_TOKEN = api("sts", "GetFederationToken", false);
    static final Call SIGNIN_CONSOLE_LOGIN = api("signin", "ConsoleLogin", false);
    static final Call LAMBDA_LIST_FUNCTIONS = api("lambda", "ListFunctions20150331", true);
    static final Call LAMBDA_GET_FUNCTION = api("lambda", "GetFunction20150331v2", true);
    static final Call LAMBDA_GET_FUNCTION_CONFIGURATION = api("lambda", "GetFunctionConfiguration20150331v2", true);
    static final Call LAMBDA_LIST_VERSIONS_BY_FUNCTION = api("lambda", "ListVersionsByFunction20150331", true);
    static final Call LAMBDA_LIST_TAGS = api("lambda", "ListTags20170331", true);
    static final Call LAMBDA_GET_POLICY = api("lambda", "GetPolicy20150331v2", true);
    static final Call LAMBDA_UPDATE_FUNCTION_CODE = api("lambda", "UpdateFunctionCode20150331v2", false);
    static final Call LAMBDA_UPDATE_FUNCTION_CONFIGURATION = api("lambda", "UpdateFunctionConfiguration20150331v2", false);
    static final Call LAMBDA_CREATE_FUNCTION = api("lambda", "CreateFunction20150331", false);
    static final Call LAMBDA_PUBLISH_VERSION = api("lambda", "PublishVersion20150331", false);
    static final Call LAMBDA_ADD_PERMISSION = api("lambda", "AddPermission20150331v2", false);
    static final Call KMS_DECRYPT = api("kms", "Decrypt", true);
    static final Call KMS_ENCRYPT = api("kms", "Encrypt", true);
    static final Call KMS_GENERATE_DATA_KEY = api("kms", "GenerateDataKey", true);
    static final Call KMS_DESCRIBE_KEY = api("kms", "DescribeKey", true);
    static final Call KMS_LIST_ALIASES = api("kms", "ListAliases", true);
    static final Call KMS_LIST_KEYS = api("kms", "ListKeys", true);
    static final Call KMS_ROTATE_KEY = api("kms", "RotateKey", false);
    static final Call SM_GET_SECRET_VALUE = api("secretsmanager", "GetSecretValue", true);
    static final Call SM_DESCRIBE_SECRET = api("secretsmanager", "DescribeSecret", true);
    static final Call SM_LIST_SECRETS = api("secretsmanager", "ListSecrets", true);
    static final Call SM_PUT_SECRET_VALUE = api("secretsmanager", "PutSecretValue", false);
    static final Call SSM_GET_PARAMETER = api("ssm", "GetParameter", true);
    static final Call SSM_GET_PARAMETERS = api("ssm", "GetParameters", true);
    static final Call SSM_GET_PARAMETERS_BY_PATH = api("ssm", "GetParametersByPath", true);
    static final Call SSM_DESCRIBE_PARAMETERS = api("ssm", "DescribeParameters", true);
    static final Call SSM_DESCRIBE_INSTANCE_INFORMATION = api("ssm", "DescribeInstanceInformation", true);
    static final Call SSM_LIST_INSTANCE_ASSOCIATIONS = api("ssm", "ListInstanceAssociations", true);
    static final Call SSM_UPDATE_INSTANCE_INFORMATION = api("ssm", "UpdateInstanceInformation", false);
    static final Call SSM_PUT_PARAMETER = api("ssm", "PutParameter", false);
    static final Call LOGS_DESCRIBE_LOG_GROUPS = api("logs", "DescribeLogGroups", true);
    static final Call LOGS_DESCRIBE_LOG_STREAMS = api("logs", "DescribeLogStreams", true);
    static final Call LOGS_FILTER_LOG_EVENTS = api("logs", "FilterLogEvents", true);
    static final Call LOGS_GET_LOG_EVENTS = api("logs", "GetLogEvents", true);
    static final Call LOGS_GET_QUERY_RESULTS = api("logs", "GetQueryResults", true);
    static final Call LOGS_CREATE_LOG_STREAM = api("logs", "CreateLogStream", false);
    static final Call LOGS_CREATE_LOG_GROUP = api("logs", "CreateLogGroup", false);
    static final Call LOGS_PUT_RETENTION_POLICY = api("logs", "PutRetentionPolicy", false);
    static final Call LOGS_START_QUERY = api("logs", "StartQuery", false);
    static final Call CW_GET_METRIC_DATA = api("monitoring", "GetMetricData", true);
    static final Call CW_GET_METRIC_STATISTICS = api("monitoring", "GetMetricStatistics", true);
    static final Call CW_DESCRIBE_ALARMS = api("monitoring", "DescribeAlarms", true);
    static final Call CW_LIST_METRICS = api("monitoring", "ListMetrics", true);
    static final Call CW_PUT_METRIC_ALARM = api("monitoring", "PutMetricAlarm", false);
    static final Call DDB_DESCRIBE_TABLE = api("dynamodb", "DescribeTable", true);
    static final Call DDB_LIST_TABLES = api("dynamodb", "ListTables", true);
    static final Call DDB_DESCRIBE_TIME_TO_LIVE = api("dynamodb", "DescribeTimeToLive", true);
    static final Call DDB_DESCRIBE_CONTINUOUS_BACKUPS = api("dynamodb", "DescribeContinuousBackups", true);
    static final Call DDB_UPDATE_TABLE = api("dynamodb", "UpdateTable", false);
    static final Call SQS_GET_QUEUE_ATTRIBUTES = api("sqs", "GetQueueAttributes", true);
    static final Call SQS_GET_QUEUE_URL = api("sqs", "GetQueueUrl", true);
    static final Call SQS_LIST_QUEUES = api("sqs", "ListQueues", true);
    static final Call SQS_SET_QUEUE_ATTRIBUTES = api("sqs", "SetQueueAttributes", false);
    static final Call SNS_LIST_TOPICS = api("sns", "ListTopics", true);
    static final Call SNS_GET_TOPIC_ATTRIBUTES = api("sns", "GetTopicAttributes", true);
    static final Call SNS_LIST_SUBSCRIPTIONS_BY_TOPIC = api("sns", "ListSubscriptionsByTopic", true);
    static final Call SNS_SUBSCRIBE = api("sns", "Subscribe", false);
    static final Call CFN_DESCRIBE_STACKS = api("cloudformation", "DescribeStacks", true);
    static final Call CFN_DESCRIBE_STACK_EVENTS = api("cloudformation", "DescribeStackEvents", true);
    static final Call CFN_DESCRIBE_CHANGE_SET = api("cloudformation", "DescribeChangeSet", true);
    static final Call CFN_GET_TEMPLATE = api("cloudformation", "GetTemplate", true);
    static final Call CFN_LIST_STACKS = api("cloudformation", "ListStacks", true);
    static final Call CFN_DESCRIBE_STACK_RESOURCES = api("cloudformation", "DescribeStackResources", true);
    static final Call CFN_CREATE_CHANGE_SET = api("cloudformation", "CreateChangeSet", false);
    static final Call CFN_EXECUTE_CHANGE_SET = api("cloudformation", "ExecuteChangeSet", false);
    static final Call ECR_GET_AUTHORIZATION_TOKEN = api("ecr", "GetAuthorizationToken", true);
    static final Call ECR_BATCH_GET_IMAGE = api("ecr", "BatchGetImage", true);
    static final Call ECR_GET_DOWNLOAD_URL_FOR_LAYER = api("ecr", "GetDownloadUrlForLayer", true);
    static final Call ECR_BATCH_CHECK_LAYER_AVAILABILITY = api("ecr", "BatchCheckLayerAvailability", true);
    static final Call ECR_DESCRIBE_REPOSITORIES = api("ecr", "DescribeRepositories", true);
    static final Call ECR_DESCRIBE_IMAGES = api("ecr", "DescribeImages", true);
    static final Call ECR_PUT_IMAGE = api("ecr", "PutImage", false);
    static final Call ECR_INITIATE_LAYER_UPLOAD = api("ecr", "InitiateLayerUpload", false);
    static final Call ECR_COMPLETE_LAYER_UPLOAD = api("ecr", "CompleteLayerUpload", false);
    static final Call ECS_DESCRIBE_SERVICES = api("ecs", "DescribeServices", true);
    static final Call ECS_DESCRIBE_TASK_DEFINITION = api("ecs", "DescribeTaskDefinition", true);
    static final Call ECS_LIST_TASKS = api("ecs", "ListTasks", true);
    static final Call ECS_DESCRIBE_TASKS = api("ecs", "DescribeTasks", true);
    static final Call ECS_DESCRIBE_CLUSTERS = api("ecs", "DescribeClusters", true);
    static final Call ECS_UPDATE_SERVICE = api("ecs", "UpdateService", false);
    static final Call ECS_REGISTER_TASK_DEFINITION = api("ecs", "RegisterTaskDefinition", false);
    static final Call TRAIL_LOOKUP_EVENTS = api("cloudtrail", "LookupEvents", true);
    static final Call TRAIL_DESCRIBE_TRAILS = api("cloudtrail", "DescribeTrails", true);
    static final Call TRAIL_GET_TRAIL_STATUS = api("cloudtrail", "GetTrailStatus", true);
    static final Call TRAIL_GET_EVENT_SELECTORS = api("cloudtrail", "GetEventSelectors", true);
    static final Call TRAIL_STOP_LOGGING = api("cloudtrail", "StopLogging", false);
    static final Call TRAIL_DELETE_TRAIL = api("cloudtrail", "DeleteTrail", false);
    static final Call TRAIL_PUT_EVENT_SELECTORS = api("cloudtrail", "PutEventSelectors", false);
    static final Call GD_LIST_DETECTORS = api("guardduty", "ListDetectors", true);
    static final Call GD_GET_DETECTOR = api("guardduty", "GetDetector", true);
    static final Call GD_LIST_FINDINGS = api("guardduty", "ListFindings", true);
    static final Call GD_GET_FINDINGS = api("guardduty", "GetFindings", true);
    static final Call GD_DELETE_DETECTOR = api("guardduty", "DeleteDetector", false);
    static final Call CONFIG_DESCRIBE_CONFIG_RULES = api("config", "DescribeConfigRules", true);
    static final Call CONFIG_DESCRIBE_CONFIGURATION_RECORDERS = api("config", "DescribeConfigurationRecorders", true);
    static final Call CONFIG_DESCRIBE_CONFIGURATION_RECORDER_STATUS = api("config", "DescribeConfigurationRecorderStatus", true);
    static final Call CONFIG_GET_COMPLIANCE_DETAILS_BY_CONFIG_RULE = api("config", "GetComplianceDetailsByConfigRule", true);
    static final Call CONFIG_PUT_EVALUATIONS = api("config", "PutEvaluations", false);
    static final Call ELB_DESCRIBE_LOAD_BALANCERS = api("elasticloadbalancing", "DescribeLoadBalancers", true);
    static final Call ELB_DESCRIBE_TARGET_GROUPS = api("elasticloadbalancing", "DescribeTargetGroups", true);
    static final Call ELB_DESCRIBE_TARGET_HEALTH = api("elasticloadbalancing", "DescribeTargetHealth", true);
    static final Call ELB_DESCRIBE_LISTENERS = api("elasticloadbalancing", "DescribeListeners", true);
    static final Call ELB_REGISTER_TARGETS = api("elasticloadbalancing", "RegisterTargets", false);
    static final Call ELB_DEREGISTER_TARGETS = api("elasticloadbalancing", "DeregisterTargets", false);
    static final Call ASG_DESCRIBE_AUTO_SCALING_GROUPS = api("autoscaling", "DescribeAutoScalingGroups", true);
    static final Call ASG_DESCRIBE_SCALING_ACTIVITIES = api("autoscaling", "DescribeScalingActivities", true);
    static final Call ASG_DESCRIBE_LAUNCH_CONFIGURATIONS = api("autoscaling", "DescribeLaunchConfigurations", true);
    static final Call ASG_UPDATE_AUTO_SCALING_GROUP = api("autoscaling", "UpdateAutoScalingGroup", false);
    static final Call ASG_SET_DESIRED_CAPACITY = api("autoscaling", "SetDesiredCapacity", false);
    static final Call RDS_DESCRIBE_D_B_INSTANCES = api("rds", "DescribeDBInstances", true);
    static final Call RDS_DESCRIBE_D_B_CLUSTERS = api("rds", "DescribeDBClusters", true);
    static final Call RDS_DESCRIBE_D_B_SNAPSHOTS = api("rds", "DescribeDBSnapshots", true);
    static final Call RDS_CREATE_D_B_SNAPSHOT = api("rds", "CreateDBSnapshot", false);
    static final Call ROUTE53_LIST_HOSTED_ZONES = api("route53", "ListHostedZones", true);
    static final Call ROUTE53_LIST_RESOURCE_RECORD_SETS = api("route53", "ListResourceRecordSets", true);
    static final Call ROUTE53_GET_CHANGE = api("route53", "GetChange", true);
    static final Call ROUTE53_CHANGE_RESOURCE_RECORD_SETS = api("route53", "ChangeResourceRecordSets", false);
    static final Call ORG_DESCRIBE_ORGANIZATION = api("organizations", "DescribeOrganization", true);
    static final Call ORG_LIST_ACCOUNTS = api("organizations", "ListAccounts", true);
    static final Call CB_BATCH_GET_BUILDS = api("codebuild", "BatchGetBuilds", true);
    static final Call CB_BATCH_GET_PROJECTS = api("codebuild", "BatchGetProjects", true);
    static final Call CB_START_BUILD = api("codebuild", "StartBuild", false);
    static final Call HEALTH_DESCRIBE_EVENTS = api("health", "DescribeEvents", true);
    static final Call CE_GET_COST_AND_USAGE = api("ce", "GetCostAndUsage", true);
    static final Call ATHENA_GET_QUERY_EXECUTION = api("athena", "GetQueryExecution", true);
    static final Call ATHENA_GET_QUERY_RESULTS = api("athena", "GetQueryResults", true);
    static final Call ATHENA_START_QUERY_EXECUTION = api("athena", "StartQueryExecution", false);
    static final Call GLUE_GET_TABLE = api("glue", "GetTable", true);
    static final Call GLUE_GET_DATABASE = api("glue", "GetDatabase", true);
    static final Call GLUE_GET_PARTITIONS = api("glue", "GetPartitions", true);
    static final Call SECHUB_GET_FINDINGS = api("securityhub", "GetFindings", true);

    static final Call S3_GET_OBJECT = new Call("s3.amazonaws.com", "GetObject", true, true);
    static final Call S3_PUT_OBJECT = new Call("s3.amazonaws.com", "PutObject", false, true);

    /** Every call above, for tests and for the IAM export's sanity. */
    static final List<Call> ALL = List.of(
            EC2_DESCRIBE_INSTANCES, EC2_DESCRIBE_SECURITY_GROUPS, EC2_DESCRIBE_VPCS, EC2_DESCRIBE_SUBNETS,
            EC2_DESCRIBE_VOLUMES, EC2_DESCRIBE_SNAPSHOTS, EC2_DESCRIBE_IMAGES, EC2_DESCRIBE_INSTANCE_STATUS,
            EC2_DESCRIBE_NETWORK_INTERFACES, EC2_DESCRIBE_REGIONS, EC2_DESCRIBE_AVAILABILITY_ZONES,
            EC2_DESCRIBE_TAGS, EC2_DESCRIBE_LAUNCH_TEMPLATES, EC2_DESCRIBE_KEY_PAIRS, EC2_DESCRIBE_ROUTE_TABLES,
            EC2_DESCRIBE_FLOW_LOGS, EC2_DESCRIBE_INSTANCE_ATTRIBUTE, EC2_CREATE_TAGS, EC2_RUN_INSTANCES,
            EC2_TERMINATE_INSTANCES, EC2_START_INSTANCES, EC2_STOP_INSTANCES, EC2_CREATE_SNAPSHOT,
            EC2_AUTHORIZE_SECURITY_GROUP_INGRESS, EC2_MODIFY_SNAPSHOT_ATTRIBUTE, EC2_MODIFY_IMAGE_ATTRIBUTE,
            EC2_DELETE_FLOW_LOGS, EC2_CREATE_LAUNCH_TEMPLATE_VERSION, S3_LIST_BUCKETS, S3_GET_BUCKET_LOCATION,
            S3_GET_BUCKET_POLICY, S3_GET_BUCKET_ACL, S3_GET_BUCKET_VERSIONING, S3_GET_BUCKET_ENCRYPTION,
            S3_GET_BUCKET_TAGGING, S3_GET_BUCKET_PUBLIC_ACCESS_BLOCK, S3_GET_BUCKET_LOGGING,
            S3_GET_BUCKET_LIFECYCLE, S3_PUT_BUCKET_TAGGING, S3_CREATE_BUCKET, S3_PUT_BUCKET_POLICY,
            S3_DELETE_BUCKET_PUBLIC_ACCESS_BLOCK, IAM_LIST_USERS, IAM_LIST_ROLES, IAM_LIST_POLICIES,
            IAM_GET_ROLE, IAM_GET_USER, IAM_GET_POLICY, IAM_GET_POLICY_VERSION, IAM_LIST_ATTACHED_ROLE_POLICIES,
            IAM_LIST_ROLE_POLICIES, IAM_LIST_ATTACHED_USER_POLICIES, IAM_LIST_USER_POLICIES,
            IAM_LIST_GROUPS_FOR_USER, IAM_LIST_ACCESS_KEYS, IAM_GET_ACCOUNT_SUMMARY,
            IAM_GET_ACCOUNT_AUTHORIZATION_DETAILS, IAM_LIST_INSTANCE_PROFILES_FOR_ROLE,
            IAM_GET_INSTANCE_PROFILE, IAM_LIST_M_F_A_DEVICES, IAM_LIST_ACCOUNT_ALIASES,
            IAM_GET_CREDENTIAL_REPORT, IAM_LIST_GROUPS, IAM_GET_ACCOUNT_PASSWORD_POLICY, IAM_GET_LOGIN_PROFILE,
            IAM_GENERATE_CREDENTIAL_REPORT, IAM_CREATE_ROLE, IAM_ATTACH_ROLE_POLICY, IAM_PUT_ROLE_POLICY,
            IAM_TAG_ROLE, IAM_PUT_USER_POLICY, IAM_ATTACH_USER_POLICY, IAM_CREATE_POLICY_VERSION,
            IAM_CREATE_ACCESS_KEY, IAM_CREATE_LOGIN_PROFILE, IAM_UPDATE_ASSUME_ROLE_POLICY,
            IAM_CREATE_SERVICE_LINKED_ROLE, STS_GET_CALLER_IDENTITY, STS_ASSUME_ROLE, STS_GET_SESSION_TOKEN,
            STS_GET_FEDERATION_TOKEN, SIGNIN_CONSOLE_LOGIN, LAMBDA_LIST_FUNCTIONS, LAMBDA_GET_FUNCTION,
            LAMBDA_GET_FUNCTION_CONFIGURATION, LAMBDA_LIST_VERSIONS_BY_FUNCTION, LAMBDA_LIST_TAGS,
            LAMBDA_GET_POLICY, LAMBDA_UPDATE_FUNCTION_CODE, LAMBDA_UPDATE_FUNCTION_CONFIGURATION,
            LAMBDA_CREATE_FUNCTION, LAMBDA_PUBLISH_VERSION, LAMBDA_ADD_PERMISSION, KMS_DECRYPT, KMS_ENCRYPT,
            KMS_GENERATE_DATA_KEY, KMS_DESCRIBE_KEY, KMS_LIST_ALIASES, KMS_LIST_KEYS, KMS_ROTATE_KEY,
            SM_GET_SECRET_VALUE, SM_DESCRIBE_SECRET, SM_LIST_SECRETS, SM_PUT_SECRET_VALUE, SSM_GET_PARAMETER,
            SSM_GET_PARAMETERS, SSM_GET_PARAMETERS_BY_PATH, SSM_DESCRIBE_PARAMETERS,
            SSM_DESCRIBE_INSTANCE_INFORMATION, SSM_LIST_INSTANCE_ASSOCIATIONS, SSM_UPDATE_INSTANCE_INFORMATION,
            SSM_PUT_PARAMETER, LOGS_DESCRIBE_LOG_GROUPS, LOGS_DESCRIBE_LOG_STREAMS, LOGS_FILTER_LOG_EVENTS,
            LOGS_GET_LOG_EVENTS, LOGS_GET_QUERY_RESULTS, LOGS_CREATE_LOG_STREAM, LOGS_CREATE_LOG_GROUP,
            LOGS_PUT_RETENTION_POLICY, LOGS_START_QUERY, CW_GET_METRIC_DATA, CW_GET_METRIC_STATISTICS,
            CW_DESCRIBE_ALARMS, CW_LIST_METRICS, CW_PUT_METRIC_ALARM, DDB_DESCRIBE_TABLE, DDB_LIST_TABLES,
            DDB_DESCRIBE_TIME_TO_LIVE, DDB_DESCRIBE_CONTINUOUS_BACKUPS, DDB_UPDATE_TABLE,
            SQS_GET_QUEUE_ATTRIBUTES, SQS_GET_QUEUE_URL, SQS_LIST_QUEUES, SQS_SET_QUEUE_ATTRIBUTES,
            SNS_LIST_TOPICS, SNS_GET_TOPIC_ATTRIBUTES, SNS_LIST_SUBSCRIPTIONS_BY_TOPIC, SNS_SUBSCRIBE,
            CFN_DESCRIBE_STACKS, CFN_DESCRIBE_STACK_EVENTS, CFN_DESCRIBE_CHANGE_SET, CFN_GET_TEMPLATE,
            CFN_LIST_STACKS, CFN_DESCRIBE_STACK_RESOURCES, CFN_CREATE_CHANGE_SET, CFN_EXECUTE_CHANGE_SET,
            ECR_GET_AUTHORIZATION_TOKEN, ECR_BATCH_GET_IMAGE, ECR_GET_DOWNLOAD_URL_FOR_LAYER,
            ECR_BATCH_CHECK_LAYER_AVAILABILITY, ECR_DESCRIBE_REPOSITORIES, ECR_DESCRIBE_IMAGES, ECR_PUT_IMAGE,
            ECR_INITIATE_LAYER_UPLOAD, ECR_COMPLETE_LAYER_UPLOAD, ECS_DESCRIBE_SERVICES,
            ECS_DESCRIBE_TASK_DEFINITION, ECS_LIST_TASKS, ECS_DESCRIBE_TASKS, ECS_DESCRIBE_CLUSTERS,
            ECS_UPDATE_SERVICE, ECS_REGISTER_TASK_DEFINITION, TRAIL_LOOKUP_EVENTS, TRAIL_DESCRIBE_TRAILS,
            TRAIL_GET_TRAIL_STATUS, TRAIL_GET_EVENT_SELECTORS, TRAIL_STOP_LOGGING, TRAIL_DELETE_TRAIL,
            TRAIL_PUT_EVENT_SELECTORS, GD_LIST_DETECTORS, GD_GET_DETECTOR, GD_LIST_FINDINGS, GD_GET_FINDINGS,
            GD_DELETE_DETECTOR, CONFIG_DESCRIBE_CONFIG_RULES, CONFIG_DESCRIBE_CONFIGURATION_RECORDERS,
            CONFIG_DESCRIBE_CONFIGURATION_RECORDER_STATUS, CONFIG_GET_COMPLIANCE_DETAILS_BY_CONFIG_RULE,
            CONFIG_PUT_EVALUATIONS, ELB_DESCRIBE_LOAD_BALANCERS, ELB_DESCRIBE_TARGET_GROUPS,
            ELB_DESCRIBE_TARGET_HEALTH, ELB_DESCRIBE_LISTENERS, ELB_REGISTER_TARGETS, ELB_DEREGISTER_TARGETS,
            ASG_DESCRIBE_AUTO_SCALING_GROUPS, ASG_DESCRIBE_SCALING_ACTIVITIES,
            ASG_DESCRIBE_LAUNCH_CONFIGURATIONS, ASG_UPDATE_AUTO_SCALING_GROUP, ASG_SET_DESIRED_CAPACITY,
            RDS_DESCRIBE_D_B_INSTANCES, RDS_DESCRIBE_D_B_CLUSTERS, RDS_DESCRIBE_D_B_SNAPSHOTS,
            RDS_CREATE_D_B_SNAPSHOT, ROUTE53_LIST_HOSTED_ZONES, ROUTE53_LIST_RESOURCE_RECORD_SETS,
            ROUTE53_GET_CHANGE, ROUTE53_CHANGE_RESOURCE_RECORD_SETS, ORG_DESCRIBE_ORGANIZATION,
            ORG_LIST_ACCOUNTS, CB_BATCH_GET_BUILDS, CB_BATCH_GET_PROJECTS, CB_START_BUILD,
            HEALTH_DESCRIBE_EVENTS, CE_GET_COST_AND_USAGE, ATHENA_GET_QUERY_EXECUTION, ATHENA_GET_QUERY_RESULTS,
            ATHENA_START_QUERY_EXECUTION, GLUE_GET_TABLE, GLUE_GET_DATABASE, GLUE_GET_PARTITIONS,
            SECHUB_GET_FINDINGS, S3_GET_OBJECT, S3_PUT_OBJECT);

    private Calls() {
    }

    private static Call api(String service, String name, boolean readOnly) {
        return new Call(service + ".amazonaws.com", name, readOnly, false);
    }
}
