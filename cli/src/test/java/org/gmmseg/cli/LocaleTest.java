package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names in any encoding under any locale (issue 20, item 1). Under {@code LANG=C} the JVM
 * reads file names as ASCII ({@code sun.jnu.encoding}, which cannot be set with {@code -D}), and
 * {@code héllo wörld.png} in a folder made {@code segment} exit before anything was written. The
 * test runs gmmseg in a JVM with {@code LANG=C} and {@code LC_ALL=C}, on folders whose odd names
 * are made from bytes (file URIs), so that it does not depend on the locale of the test JVM.
 */
@EnabledOnOs(OS.LINUX)
class LocaleTest {
    private static final Map<String, String> LANG_C = Map.of("LANG", "C", "LC_ALL", "C");

    @TempDir
    Path dir;

    private Path raw(Path folder, String percentEncodedName) {
        return Path.of(URI.create(folder.toUri() + percentEncodedName));
    }

    @Test
    void imagesOfAnyNameInAFolderAreSegmentedAndTheirOutputsKeepTheNameBytes() throws Exception {
        Path in = dir.resolve("in");
        Path plain = Images.rgb(in.resolve("plain.png"), 24, 16, 1);
        Files.copy(plain, raw(in, "h%C3%A9llo%20w%C3%B6rld.png")); // UTF-8
        Files.copy(plain, raw(in, "caf%E9.png")); // Latin-1: not UTF-8 either
        Files.createDirectories(raw(in, "s%C3%BCb"));
        Files.copy(plain, raw(raw(in, "s%C3%BCb"), "%C3%BC.png"));
        Path out = dir.resolve("out");

        Cli.Run run = Forked.run(List.of(), LANG_C, "segment", in, "-r", "-k", 2, "--out", out, "-q");

        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("processed  4"), run::toString);
        for (String name : List.of("plain_labels.png", "h%C3%A9llo%20w%C3%B6rld_labels.png", "caf%E9_labels.png",
                "caf%E9_model.json", "s%C3%BCb/%C3%BC_labels.png")) {
            assertTrue(Files.isRegularFile(Path.of(URI.create(out.toUri() + name))), name + " in " + Images.tree(out));
        }
        List<String> tree = Images.tree(out);
        assertEquals(9, tree.size(), tree::toString); // four images, two files each, and the report
    }

    @Test
    void anArgumentTheLocaleCannotRepresentFailsAloneWithAHint() throws Exception {
        Path in = dir.resolve("in");
        Path plain = Images.rgb(in.resolve("plain.png"), 24, 16, 1);
        Files.copy(plain, raw(in, "h%C3%A9llo.png"));

        Cli.Run run = Forked.run(List.of(), LANG_C, "segment", plain, in.resolve("h\u00e9llo.png"), "-k", 2, "--out",
                dir.resolve("out"), "-q");

        assertEquals(ExitCodes.SOME_INPUTS_FAILED, run.exitCode(), run::toString);
        assertTrue(run.out().contains("processed  1"), run::toString);
        assertTrue(run.err().contains("no such file (file names are read as ANSI_X3.4-1968 here, so one with other "
                + "characters cannot be given as an argument; give its folder instead"), run::toString);
    }
}
