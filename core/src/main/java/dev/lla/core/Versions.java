package dev.lla.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** lla's own version, filtered into a resource at build time. */
public final class Versions {

    private Versions() {}

    /** E.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when run from unpackaged classes. */
    public static String lla() {
        return property("version");
    }

    /** The DJL version this build was made against. */
    public static String djl() {
        return property("djl");
    }

    /** The libtorch version this build bundles. */
    public static String pytorch() {
        return property("pytorch");
    }

    private static String property(String key) {
        try (InputStream in = Versions.class.getResourceAsStream("lla-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(key, "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
