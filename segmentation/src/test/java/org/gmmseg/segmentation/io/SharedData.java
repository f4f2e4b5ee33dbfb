package org.gmmseg.segmentation.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the project's shared test images ({@code shared/data}, next to the repository or its worktrees) by walking
 * up from the working directory. Tests that need them are skipped when they are not there.
 */
public final class SharedData {
    private static final Path DIR = find();

    private SharedData() {
    }

    private static Path find() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("data");
            if (Files.isRegularFile(candidate.resolve("SOURCES.md"))) {
                return candidate;
            }
        }
        return null;
    }

    /** The file under shared/data; skips the calling test when the folder or the file is missing. */
    public static Path file(String relative) {
        assumeTrue(DIR != null, "shared/data not found above " + Path.of("").toAbsolutePath());
        Path file = DIR.resolve(relative);
        assumeTrue(Files.isRegularFile(file), "missing " + file);
        return file;
    }
}
