/**
 * What an AWS account's IAM configuration grants: the snapshot {@code aws iam get-account-authorization-details}
 * prints ({@link dev.trailstream.access.IamSnapshot}), its policy documents, and an evaluator that answers "which
 * actions may this principal call" and "why was this call allowed or denied" ({@link
 * dev.trailstream.access.PolicyEvaluator}); and the comparison of what is granted with what CloudTrail shows is used
 * ({@link dev.trailstream.access.LeastPrivilegeReport}, {@link dev.trailstream.access.RightsizedPolicy}). Plain Java
 * and Jackson, no Kafka. See {@code normalize/ACCESS.md}.
 */
package dev.trailstream.access;
