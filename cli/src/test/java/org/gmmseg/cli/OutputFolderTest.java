package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.gmmseg.segmentation.SegmentationModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outputs in one folder always agree (issue 20, items 6, 7, 9 and 10): a rerun with other
 * options is refused, naming them; a label file that is empty or unreadable is not done; a second
 * run on the folder stops at once, and a killed run's lock and leftovers do not get in the way; a
 * report that cannot be written loses no row.
 */
class OutputFolderTest {
    @TempDir
    Path dir;

    private Path in() throws IOException {
        Path in = dir.resolve("in");
        Images.rgb(in.resolve("a.png"), 48, 32, 1);
        Images.rgb(in.resolve("b.png"), 40, 30, 2);
        return in;
    }

    @Test
    void aRerunWithOtherOptionsIsRefusedNamingThemAndOverwriteRedoesEverything() throws IOException {
        Path in = in();
        Path out = dir.resolve("out");
        Cli.Run first = Cli.run("segment", in, "-k", 3, "-o", out, "--probabilities", "-q");
        assertEquals(ExitCodes.OK, first.exitCode(), first::toString);
        byte[] labels = Files.readAllBytes(out.resolve("a_labels.png"));
        List<String> report = Images.report(out);

        Cli.Run other = Cli.run("segment", in, "-k", 6, "--features", "lab", "-o", out);

        CommandLineTest.assertUsageError(other, "--out " + out + " holds the outputs of an earlier run with other "
                + "options for 2 images (" + in.resolve("a.png") + ", ...): --components 3, not 6; --features rgb, not "
                + "lab; use --overwrite to redo them with these options, or another --out");
        assertArrayEquals(labels, Files.readAllBytes(out.resolve("a_labels.png")), "the outputs are untouched");
        assertEquals(report, Images.report(out), "and so is the report, with its fit statistics");

        Cli.Run overwritten = Cli.run("segment", in, "-k", 6, "--features", "lab", "-o", out, "--overwrite", "-q");
        assertEquals(ExitCodes.OK, overwritten.exitCode(), overwritten::toString);
        assertEquals(6, SegmentationModel.load(out.resolve("a_model.json")).components());
        // the K=3 probabilities would disagree with the K=6 labels: removed with the rest of that run's outputs
        assertEquals(List.of("a_labels.png", "a_model.json", "b_labels.png", "b_model.json", "report.csv"),
                Images.tree(out));
        Cli.Run same = Cli.run("segment", in, "-k", 6, "--features", "lab", "-o", out);
        assertTrue(same.out().startsWith("images     2\nprocessed  0\nskipped    2\n"), same::toString);
        // apply into the folder of segment is another run too
        CommandLineTest.assertUsageError(Cli.run("apply", "-m", out.resolve("a_model.json"), in, "-o", out),
                "command segment, not apply");
    }

    @Test
    void anEmptyOrUnreadableLabelFileIsNotDoneAndAnOutputAskedForLaterIsMade() throws IOException {
        Path in = in();
        Path out = dir.resolve("out");
        assertEquals(ExitCodes.OK, Cli.run("segment", in, "-k", 3, "-o", out, "-q").exitCode());
        Files.write(out.resolve("a_labels.png"), new byte[0]);
        Files.writeString(out.resolve("b_labels.png"), "not a PNG");

        Cli.Run again = Cli.run("segment", in, "-k", 3, "-o", out, "-q");

        assertEquals(ExitCodes.OK, again.exitCode(), again::toString);
        assertTrue(again.out().startsWith("images     2\nprocessed  2\nskipped    0\n"), again::toString);
        assertArrayEquals(new int[] {48, 32, 1}, Images.shape(out.resolve("a_labels.png")));
        assertArrayEquals(new int[] {40, 30, 1}, Images.shape(out.resolve("b_labels.png")));

        Cli.Run overlays = Cli.run("segment", in, "-k", 3, "-o", out, "-q", "--overlay");
        assertTrue(overlays.out().startsWith("images     2\nprocessed  2\n"), overlays::toString);
        assertTrue(Files.isRegularFile(out.resolve("b_overlay.png")));
    }

    @Test
    void aSecondRunOnTheFolderStopsAtOnceAndAKilledRunsLockDoesNotBlock() throws Exception {
        Path in = in();
        Path out = dir.resolve("out");
        Process holder = new ProcessBuilder(Forked.command(LockHolder.class, List.of(), in, out)).start();
        try (BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertEquals("locked " + out, said.readLine());

            Cli.Run second = Cli.run("segment", in, "-k", 3, "-o", out);

            CommandLineTest.assertUsageError(second, "--out " + out + " is being written by another gmmseg run (process "
                    + holder.pid() + ", started ");
            assertTrue(second.err().contains("; wait for it to end, or choose another --out"), second::toString);
            assertFalse(Files.exists(out.resolve("a_labels.png")), "the second run wrote nothing");
        } finally {
            holder.destroyForcibly(); // kill -9: the lock file stays, unlocked
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.exists(out.resolve(".gmmseg/lock")));

        Cli.Run after = Cli.run("segment", in, "-k", 3, "-o", out, "-q");
        assertEquals(ExitCodes.OK, after.exitCode(), after::toString);
    }

    @Test
    void gmmsegsOwnLeftoversAreRemovedAndNothingElse() throws IOException {
        Path in = in();
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        List<String> leftovers = List.of(".a_labels.png.tmp-0123456789abcdef", ".report.csv.tmp-fedcba9876543210",
                ".b_model.json.tmp-00000000ffffffff");
        // like them, but not gmmseg's: another name, another suffix, not hidden, or a folder
        List<String> others = List.of(".notes.txt.tmp-0123456789abcdef", ".a_labels.png.tmp-0123", 
                ".a_labels.png.tmp-0123456789ABCDEF", "a_labels.png.tmp-0123456789abcdef", ".a.png.tmp-0123456789abcdef");
        for (String name : leftovers) {
            Files.writeString(out.resolve(name), "left by a killed run");
        }
        for (String name : others) {
            Files.writeString(out.resolve(name), "the user's");
        }
        Files.createDirectories(out.resolve(".b_labels.png.tmp-0123456789abcdef"));

        Cli.Run run = Cli.run("segment", in, "-k", 3, "-o", out, "-q");

        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals("warning: removed 3 temporary files that an interrupted run left in " + out + "\n", run.err());
        for (String name : leftovers) {
            assertFalse(Files.exists(out.resolve(name)), name);
        }
        for (String name : others) {
            assertEquals("the user's", Files.readString(out.resolve(name)), name);
        }
        assertTrue(Files.isDirectory(out.resolve(".b_labels.png.tmp-0123456789abcdef")));
    }

    @Test
    void aReportThatCannotBeWrittenLosesNoRowAndClaimsNothing() throws IOException {
        Path in = in();
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("report.csv")); // every write of the report fails

        Cli.Run run = Cli.run("segment", in, "-k", 3, "-o", out, "-q");

        assertEquals(ExitCodes.FIT_FAILED, run.exitCode(), run::toString);
        assertTrue(run.err().contains("gmmseg segment: " + out.resolve("report.csv") + ": is a directory; its rows are "
                + "on stdout"), run::toString);
        String[] lines = run.out().split("\n");
        assertEquals("report     not written: " + out.resolve("report.csv") + " (its rows follow)", lines[5], run::toString);
        assertEquals("", lines[6]);
        assertEquals("input,output,components,iterations,converged,log_likelihood,status,error,warnings", lines[7]);
        assertTrue(lines[8].startsWith(in.resolve("a.png") + "," + out.resolve("a_labels.png") + ",3,"), run::toString);
        assertTrue(lines[9].startsWith(in.resolve("b.png") + ","), run::toString);
        assertEquals(10, lines.length, run::toString);
        assertTrue(Files.isRegularFile(out.resolve("a_labels.png")));
    }
}
