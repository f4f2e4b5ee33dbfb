package org.gmmseg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.gmmseg.core.em.EmFitter;

import picocli.CommandLine.IVersionProvider;

/**
 * The version from {@code Implementation-Version} of the jar manifest, or, when running from
 * classes (tests, IDE), from the Maven-filtered {@code gmmseg-version.properties}.
 */
public final class ManifestVersionProvider implements IVersionProvider {
    static final String RESOURCE = "gmmseg-version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {
            "gmmseg " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
            "EM kernel: " + EmFitter.kernelDescription()
        };
    }

    /** The gmmseg version, or "unknown". */
    public static String version() {
        String fromManifest = ManifestVersionProvider.class.getPackage().getImplementationVersion();
        if (fromManifest != null && !fromManifest.isBlank()) {
            return fromManifest;
        }
        try (InputStream in = ManifestVersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String fromResource = properties.getProperty("version");
                if (fromResource != null && !fromResource.isBlank() && !fromResource.startsWith("${")) {
                    return fromResource;
                }
            }
        } catch (IOException e) {
            // fall through: a missing version is not worth failing --version for
        }
        return "unknown";
    }
}
