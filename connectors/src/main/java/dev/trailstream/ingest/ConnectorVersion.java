package dev.trailstream.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version, from a resource Maven fills in, so the worker's plugin list shows what is deployed. */
final class ConnectorVersion {
    static final String VERSION = load();

    private ConnectorVersion() {
    }

    private static String load() {
        try (InputStream in = ConnectorVersion.class.getResourceAsStream("connector-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
