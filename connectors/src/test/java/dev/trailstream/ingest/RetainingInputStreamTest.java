package dev.trailstream.ingest;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class RetainingInputStreamTest {

    @Test
    void holdsNoMoreThanTheLimitPlusReadAheadWhateverIsRead() throws IOException {
        int limit = 1000;
        RetainingInputStream in = new RetainingInputStream(new ByteArrayInputStream(new byte[5_000_000]), limit);
        in.retainFrom(0);
        byte[] chunk = new byte[8000];
        int peak = 0;
        while (in.read(chunk, 0, chunk.length) >= 0) {
            peak = Math.max(peak, in.retained());
        }

        assertThat(in.overflowed()).isTrue();
        assertThat(peak).isLessThanOrEqualTo(limit + RetainingInputStream.TAIL + RetainingInputStream.MAX_READ);
    }

    @Test
    void copiesExactlyTheBytesBetweenTwoOffsets() throws IOException {
        byte[] data = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        RetainingInputStream in = new RetainingInputStream(new ByteArrayInputStream(data), 100);
        in.read(new byte[16], 0, 16);
        in.retainFrom(4);

        assertThat(new String(in.copy(4, 10), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("456789");
        assertThat(in.retained()).isEqualTo(12);
    }
}
