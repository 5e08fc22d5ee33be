package dev.trailstream.ingest;

import java.nio.file.Files;
import java.util.Map;

/** Run in child JVMs by {@link SourcePartitionTest}: prints the key order of a source partition map. */
public final class PartitionOrderMain {
    private PartitionOrderMain() {
    }

    public static void main(String[] args) throws Exception {
        String folder = Files.createTempDirectory("partition-order").toString();
        IngestRecords records = new IngestRecords("file:///logs/", new CloudTrailSourceConfig(Map.of("source", folder)));
        System.out.println(String.join(",", records.partition("111122223333/CloudTrail/us-east-1/").keySet()));
    }
}
