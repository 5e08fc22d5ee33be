package dev.trailstream.deliver;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Syslog (RFC 5424) over TCP with octet counting (RFC 6587): each finding is one message
 * {@code <PRI>1 TIMESTAMP HOST trailstream - finding - <finding JSON>}, framed as {@code LENGTH SP MESSAGE}.
 * Facility 13 (log audit); the syslog severity follows the finding's (informational 6 … critical 2). TCP has no
 * acknowledgement: a batch counts as delivered once written and flushed, and a broken connection is reopened on the
 * next attempt.
 */
final class SyslogSink implements Sink {
    private static final int FACILITY_LOG_AUDIT = 13;

    private final InetSocketAddress address;
    private final String host;
    private Socket socket;
    private OutputStream out;

    SyslogSink(SinkSpec spec) {
        URI uri = URI.create(spec.endpoint());
        this.address = InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort());
        this.host = localHost();
    }

    @Override
    public Sent send(List<byte[]> findings) throws IOException {
        try {
            if (socket == null) {
                socket = new Socket();
                socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), 10_000);
                out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            }
            for (byte[] finding : findings) {
                out.write(frame(finding, host));
            }
            out.flush();
            return Sent.all(findings.size());
        } catch (IOException e) {
            close();
            throw new RetryableException("syslog " + address.getHostString() + ":" + address.getPort() + ": "
                    + e.getMessage());
        }
    }

    /** One octet-counted RFC 5424 message. */
    static byte[] frame(byte[] finding, String host) {
        FindingFields f = FindingFields.of(finding);
        int severity = switch (f.severityId()) {
            case 5, 6 -> 2;
            case 4 -> 3;
            case 3 -> 4;
            case 2 -> 5;
            default -> 6;
        };
        String header = "<" + (FACILITY_LOG_AUDIT * 8 + severity) + ">1 "
                + (f.timeMs() > 0 ? Instant.ofEpochMilli(f.timeMs()).toString() : "-") + " " + host
                + " trailstream - finding - ";
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        message.writeBytes(FindingFields.oneLine(finding));
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        framed.writeBytes((message.size() + " ").getBytes(StandardCharsets.US_ASCII));
        framed.writeBytes(message.toByteArray());
        return framed.toByteArray();
    }

    @Override
    public boolean spools() {
        return true;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
            socket = null;
            out = null;
        }
    }

    private static String localHost() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.isBlank() ? "-" : name.replace(' ', '-');
        } catch (IOException e) {
            return "-";
        }
    }
}
