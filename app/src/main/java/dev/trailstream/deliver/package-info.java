/**
 * Delivery of the findings topic to SIEMs with nothing else installed: a JSON Lines file, Splunk's HTTP Event
 * Collector, Elasticsearch/OpenSearch {@code _bulk}, syslog (RFC 5424 over TCP). Each sink is a consumer group of its
 * own on {@code trailstream.findings} (read-committed, offsets committed after a batch is delivered or spooled), so
 * delivery is at-least-once and resumes where it stopped.
 */
package dev.trailstream.deliver;
