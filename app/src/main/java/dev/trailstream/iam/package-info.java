/**
 * IAM snapshots on Kafka: reading {@code aws iam get-account-authorization-details} exports, checking them, and
 * publishing them to the compacted topic {@code trailstream.iam-snapshots} ({@code trailstream iam import},
 * {@code run --iam}); reading back the latest snapshot of every account.
 */
package dev.trailstream.iam;
