package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gmmseg.core.io.ModelFile;
import org.gmmseg.segmentation.SegmentationModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentCommandTest {
    @TempDir
    Path dir;

    @Test
    void segmentsEveryImageOfAFolderAndSkipsWhatIsNotAnImage() throws IOException {
        Path in = dir.resolve("in");
        Images.rgb(in.resolve("b.png"), 60, 40, 1);
        Images.rgb(in.resolve("a.PNG"), 45, 30, 2);
        Images.gray(in.resolve("c.bmp"), 30, 20, 3);
        Files.writeString(in.resolve("ATTRIBUTION.md"), "not an image");
        Images.rgb(in.resolve(".hidden.png"), 10, 10, 4);
        Images.rgb(in.resolve("old_labels.png"), 10, 10, 5); // named like an output: not an input
        Path out = dir.resolve("out");

        Cli.Run run = Cli.run("segment", in, "--components", 3, "--out", out);

        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals("", run.err(), run::toString);
        // (the tree lists hidden files too: no temporary file is left behind)
        assertEquals(List.of("a_labels.png", "a_model.json", "b_labels.png", "b_model.json", "c_labels.png",
                "c_model.json", "report.csv"), Images.tree(out));
        int[] labels = Images.samples(out.resolve("b_labels.png"));
        assertEquals(60 * 40, labels.length);
        // three bands, labelled in order of their red mean: dark 1, red 2, bright 3
        assertEquals(1, labels[20 * 60 + 5]);
        assertEquals(2, labels[20 * 60 + 30]);
        assertEquals(3, labels[20 * 60 + 55]);
        assertArrayEquals(new int[] {30, 20, 1}, Images.shape(out.resolve("c_labels.png")));
        assertEquals(3, SegmentationModel.load(out.resolve("a_model.json")).components());

        List<String> report = Images.report(out);
        assertEquals("input,output,components,iterations,converged,log_likelihood,status,error,warnings", report.get(0));
        assertEquals(4, report.size(), report::toString);
        // input order: sorted by path below the folder
        assertTrue(report.get(1).startsWith(in.resolve("a.PNG") + "," + out.resolve("a_labels.png") + ",3,"),
                report::toString);
        assertTrue(report.get(2).startsWith(in.resolve("b.png") + ","), report::toString);
        assertTrue(report.get(3).startsWith(in.resolve("c.bmp") + ","), report::toString);
        for (String row : report.subList(1, 4)) {
            String[] fields = row.split(",", -1);
            assertEquals(9, fields.length, row);
            assertTrue(Integer.parseInt(fields[3]) >= 1, row);
            assertEquals("true", fields[4], row);
            Double.parseDouble(fields[5]);
            assertEquals("ok", fields[6], row);
            assertEquals("", fields[7], row);
        }
        assertEquals(List.of("images     3", "processed  3", "skipped    0", "failed     0", "output     " + out,
                "report     " + out.resolve("report.csv")), run.out().lines().toList());
    }

    @Test
    void badInputsFailOnTheirReportLineAndTheOthersAreProcessed() throws IOException {
        Path in = dir.resolve("in");
        Images.rgb(in.resolve("good.png"), 40, 30, 1);
        Images.truncated(in.resolve("truncated.png"));
        Files.writeString(in.resolve("text.png"), "this is not a PNG");
        Files.write(in.resolve("empty.png"), new byte[0]);
        Images.zeroSizedPng(in.resolve("zero.png"));
        Images.colours(in.resolve("one.png"), 1, 1, 0x102030);
        Images.colours(in.resolve("two.png"), 20, 10, 0x000000, 0xffffff);
        Path pgm = Files.write(dir.resolve("x.pgm"), "P5 2 2 255\n\0\1\2\3".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Path missing = dir.resolve("missing.png");
        Path out = dir.resolve("out");

        Cli.Run run = Cli.run("segment", in, pgm, missing, "-k", 3, "-o", out);

        assertEquals(ExitCodes.SOME_INPUTS_FAILED, run.exitCode(), run::toString);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("empty.png", "empty file (0 bytes)");
        expected.put("good.png", "");
        expected.put("one.png", "only 1 distinct sample for K=3 components; use at most 1 component");
        expected.put("text.png", "not an image file or unsupported format");
        expected.put("truncated.png", "truncated or corrupt (");
        expected.put("two.png", "only 2 distinct samples for K=3 components; use at most 2 components");
        expected.put("zero.png", "image has no pixels (0 x 0)");
        expected.put("x.pgm", "not an image file or unsupported format");
        expected.put("missing.png", "no such file");
        List<String> report = Images.report(out);
        assertEquals(expected.size() + 1, report.size(), report::toString);
        int row = 1;
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String[] fields = report.get(row++).split(",", 7);
            assertTrue(fields[0].endsWith(e.getKey()), () -> e.getKey() + " in " + report);
            if (e.getValue().isEmpty()) {
                assertEquals("ok", fields[6].substring(0, 2), report::toString);
            } else {
                assertEquals("", fields[1], report::toString);
                assertTrue(fields[6].startsWith("failed," + e.getValue())
                        || fields[6].startsWith("failed,\"" + e.getValue()), () -> e + " in " + report);
                assertTrue(run.err().contains(e.getKey() + ": " + e.getValue()), run::toString);
            }
        }
        assertEquals(List.of("good_labels.png", "good_model.json", "report.csv"), Images.tree(out));
        // one line per failure, no stack traces
        assertEquals(8, run.err().lines().count(), run::toString);
        assertTrue(run.err().lines().allMatch(l -> l.startsWith("gmmseg segment: ")), run::toString);
        assertFalse(run.err().contains("\tat "), run::toString);
        assertTrue(run.out().contains("processed  1\nskipped    0\nfailed     8\n"), run::toString);

        // --verbose adds the stack traces
        Cli.Run verbose = Cli.run("segment", in.resolve("text.png"), "-k", 3, "-o", out, "--verbose");
        assertEquals(ExitCodes.SOME_INPUTS_FAILED, verbose.exitCode(), verbose::toString);
        assertTrue(verbose.err().contains("\tat org.gmmseg."), verbose::toString);
    }

    @Test
    void aKilledOrFinishedBatchResumesWithoutRedoingImagesUnlessOverwrite() throws IOException {
        Path in = dir.resolve("in");
        Images.rgb(in.resolve("a.png"), 40, 30, 1);
        Images.rgb(in.resolve("b.png"), 40, 30, 2);
        Images.rgb(in.resolve("c.png"), 40, 30, 3);
        Path out = dir.resolve("out");
        assertEquals(ExitCodes.OK, Cli.run("segment", in, "-k", 3, "-o", out).exitCode());
        FileTime old = FileTime.fromMillis(0);
        for (String name : List.of("a_labels.png", "a_model.json", "b_labels.png")) {
            Files.setLastModifiedTime(out.resolve(name), old);
        }
        // as if killed before b's labels and c were written
        Files.delete(out.resolve("c_labels.png"));
        Files.delete(out.resolve("c_model.json"));

        Cli.Run second = Cli.run("segment", in, "-k", 3, "-o", out);
        assertEquals(ExitCodes.OK, second.exitCode(), second::toString);
        assertTrue(second.out().contains("processed  1\nskipped    2\nfailed     0\n"), second::toString);
        List<String> report = Images.report(out);
        assertTrue(report.get(1).contains(",skipped,"), report::toString);
        assertTrue(report.get(1).endsWith("the label file exists (--overwrite redoes it),"), report::toString);
        assertTrue(report.get(1).contains(out.resolve("a_labels.png").toString()), report::toString);
        assertTrue(report.get(2).contains(",skipped,"), report::toString);
        assertTrue(report.get(3).contains(",ok,"), report::toString);
        assertEquals(old, Files.getLastModifiedTime(out.resolve("a_labels.png")));
        assertEquals(old, Files.getLastModifiedTime(out.resolve("a_model.json")));
        assertTrue(Files.exists(out.resolve("c_labels.png")));

        Cli.Run third = Cli.run("segment", in, "-k", 3, "-o", out, "--overwrite");
        assertEquals(ExitCodes.OK, third.exitCode(), third::toString);
        assertTrue(third.out().contains("processed  3\nskipped    0\n"), third::toString);
        assertNotEquals(old, Files.getLastModifiedTime(out.resolve("a_labels.png")));
        assertNotEquals(old, Files.getLastModifiedTime(out.resolve("a_model.json")));
    }

    @Test
    void applyWithTheSavedModelGivesTheLabelsOfSegment() throws IOException {
        Path a = Images.rgb(dir.resolve("in/a.png"), 50, 40, 1);
        Path out = dir.resolve("out");
        assertEquals(ExitCodes.OK, Cli.run("segment", a, "-k", 3, "-o", out, "--features", "lab+xy", "--xy-weight", 30,
                "--smooth", 1).exitCode());
        Path applied = dir.resolve("applied");
        Cli.Run run = Cli.run("apply", "--model", out.resolve("a_model.json"), a, "-o", applied);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertArrayEquals(Images.samples(out.resolve("a_labels.png")), Images.samples(applied.resolve("a_labels.png")));
        assertEquals(List.of("a_labels.png", "report.csv"), Images.tree(applied));
        List<String> report = Images.report(applied);
        assertTrue(report.get(1).endsWith(",3,,,,ok,,"), report::toString);
    }

    @Test
    void aSharedModelIsFittedOnceAndLabelsEveryImageAsFitOnTheImagesWould() throws IOException {
        Path in = dir.resolve("in");
        Images.rgb(in.resolve("a.png"), 50, 40, 1);
        Images.rgb(in.resolve("b.png"), 40, 40, 2);
        Images.colours(in.resolve("c.png"), 30, 20, 0x1e1e28, 0xc82828); // two of the three colours only
        Path out = dir.resolve("out");

        Cli.Run run = Cli.run("segment", in, "-k", 3, "-o", out, "--shared-model", "--max-samples", 500);

        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals(List.of("a_labels.png", "b_labels.png", "c_labels.png", "model.json", "report.csv"),
                Images.tree(out));
        assertTrue(run.out().contains("model      " + out.resolve("model.json")), run::toString);
        // alone, c could not have 3 components; with the shared model its colours get the labels of a and b
        int[] c = Images.samples(out.resolve("c_labels.png"));
        int[] a = Images.samples(out.resolve("a_labels.png"));
        assertEquals(a[20 * 50 + 2], c[10 * 30 + 2]);
        assertEquals(a[20 * 50 + 25], c[10 * 30 + 25]);
        List<String> rows = Images.report(out).subList(1, 4);
        String fit = rows.get(0).split(",", 4)[3];
        for (String row : rows) {
            assertEquals(fit, row.split(",", 4)[3], rows::toString);
        }
        // apply with model.json relabels identically
        Path applied = dir.resolve("applied");
        assertEquals(ExitCodes.OK, Cli.run("apply", "-m", out.resolve("model.json"), in, "-o", applied).exitCode());
        for (String name : List.of("a_labels.png", "b_labels.png", "c_labels.png")) {
            assertArrayEquals(Images.samples(out.resolve(name)), Images.samples(applied.resolve(name)), name);
        }
        // gmmseg fit on the same images pools them the same way: the same model
        Path fitted = dir.resolve("fitted.json");
        Cli.Run fitRun = Cli.run("fit", in, "-k", 3, "-m", fitted, "--max-samples", 500);
        assertEquals(ExitCodes.OK, fitRun.exitCode(), fitRun::toString);
        assertEquals(ModelFile.read(out.resolve("model.json")).model(), ModelFile.read(fitted).model());

        // resuming reuses the model; options that contradict it are a usage error
        Files.delete(out.resolve("b_labels.png"));
        Cli.Run resumed = Cli.run("segment", in, "-k", 3, "-o", out, "--shared-model", "--max-samples", 500);
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed::toString);
        assertTrue(resumed.err().startsWith("using the shared model " + out.resolve("model.json")), resumed::toString);
        assertArrayEquals(Images.samples(applied.resolve("b_labels.png")), Images.samples(out.resolve("b_labels.png")));
        Files.delete(out.resolve("b_labels.png"));
        CommandLineTest.assertUsageError(Cli.run("segment", in, "-k", 4, "-o", out, "--shared-model"),
                "holds the outputs of an earlier run with other options for 2 images");
    }

    @Test
    void aSharedModelOfOtherOptionsIsRefusedAlsoWhenEveryImageIsDone() throws IOException {
        Path in = dir.resolve("in");
        Images.rgb(in.resolve("a.png"), 30, 20, 1);
        Images.rgb(in.resolve("b.png"), 30, 20, 2);
        Path out = dir.resolve("out");
        Cli.Run first = Cli.run("segment", in, "-k", 3, "-o", out, "--shared-model", "-q");
        assertEquals(ExitCodes.OK, first.exitCode(), first::toString);
        List<String> report = Images.report(out);

        // every image is done: nothing to label, but K=4 contradicts the model that labelled them
        Cli.Run other = Cli.run("segment", in, "-k", 4, "-o", out, "--shared-model");
        CommandLineTest.assertUsageError(other, "holds the outputs of an earlier run with other options for 2 images");
        assertTrue(other.err().contains("): --components 3, not 4; use --overwrite"), other::toString);
        assertEquals(report, Images.report(out), "a refused run writes no report");
        // a model.json that the record does not know of (from an older gmmseg) is compared too
        Files.delete(out.resolve(".gmmseg/outputs.json"));
        CommandLineTest.assertUsageError(Cli.run("segment", in, "-k", 4, "-o", out, "--shared-model"),
                "model.json of an earlier run has K=3, covariance full, features rgb, not K=4");

        // the same options: skipped, and no word about using the model, which labels nothing
        Cli.Run same = Cli.run("segment", in, "-k", 3, "-o", out, "--shared-model");
        assertEquals(ExitCodes.OK, same.exitCode(), same::toString);
        assertEquals("", same.err(), same::toString);
        assertTrue(same.out().startsWith("images     2\nprocessed  0\nskipped    2\n"), same::toString);

        // --overwrite fits it anew with K=4
        Cli.Run overwritten = Cli.run("segment", in, "-k", 4, "-o", out, "--shared-model", "--overwrite", "-q");
        assertEquals(ExitCodes.OK, overwritten.exitCode(), overwritten::toString);
        assertEquals(4, SegmentationModel.load(out.resolve("model.json")).components());
    }

    @Test
    void aSharedModelThatCannotBeFittedFailsTheBatchWithExitCode4() throws IOException {
        Path in = dir.resolve("in");
        Images.colours(in.resolve("a.png"), 20, 10, 0x000000, 0xffffff);
        Images.colours(in.resolve("b.png"), 20, 10, 0xffffff);
        Path out = dir.resolve("out");
        Cli.Run run = Cli.run("segment", in, "-k", 3, "-o", out, "--shared-model");
        assertEquals(ExitCodes.FIT_FAILED, run.exitCode(), run::toString);
        assertEquals("gmmseg segment: the shared model could not be fitted: only 2 distinct samples for K=3 components;"
                + " use at most 2 components\n", run.err(), run::toString);
        List<String> report = Images.report(out);
        assertTrue(report.get(1).contains(",failed,the shared model could not be fitted"), report::toString);
        assertTrue(report.get(2).contains(",failed,the shared model could not be fitted"), report::toString);
        assertEquals(List.of("report.csv"), Images.tree(out));
    }

    @Test
    void subFoldersAreMirroredWithRecursiveAndGlobSelectsFiles() throws IOException {
        Path in = dir.resolve("in");
        Images.rgb(in.resolve("a.png"), 30, 20, 1);
        Images.rgb(in.resolve("sub/b.png"), 30, 20, 2);
        Images.rgb(in.resolve("sub/deeper/c.tif"), 30, 20, 3);
        Images.rgb(in.resolve(".git/d.png"), 30, 20, 4);

        Path flat = dir.resolve("flat");
        assertEquals(ExitCodes.OK, Cli.run("segment", in, "-k", 2, "-o", flat, "-q").exitCode());
        assertEquals(List.of("a_labels.png", "a_model.json", "report.csv"), Images.tree(flat));

        Path deep = dir.resolve("deep");
        assertEquals(ExitCodes.OK, Cli.run("segment", in, "-k", 2, "-o", deep, "--recursive").exitCode());
        assertEquals(List.of("a_labels.png", "a_model.json", "report.csv", "sub/b_labels.png", "sub/b_model.json",
                "sub/deeper/c_labels.png", "sub/deeper/c_model.json"), Images.tree(deep));

        Path tifs = dir.resolve("tifs");
        assertEquals(ExitCodes.OK, Cli.run("segment", in, "-k", 2, "-o", tifs, "-r", "--glob", "*.tif").exitCode());
        assertEquals(List.of("report.csv", "sub/deeper/c_labels.png", "sub/deeper/c_model.json"), Images.tree(tifs));

        // --out inside the input folder: its outputs are never taken as inputs
        Path inside = in.resolve("results");
        assertEquals(ExitCodes.OK, Cli.run("segment", in, "-k", 2, "-o", inside, "-r").exitCode());
        Cli.Run again = Cli.run("segment", in, "-k", 2, "-o", inside, "-r", "--glob", "*");
        assertEquals(ExitCodes.OK, again.exitCode(), again::toString);
        assertTrue(again.out().startsWith("images     3\nprocessed  0\nskipped    3\n"), again::toString);
    }

    @Test
    void optionalOutputsHaveTheImageSizeAndTifMasksAreWritten() throws IOException {
        Path a = Images.rgb(dir.resolve("a.png"), 48, 32, 1);
        Path out = dir.resolve("out");
        Cli.Run run = Cli.run("segment", a, "-k", 3, "-o", out, "--mask-format", "tif", "--probabilities", "--overlay");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals(List.of("a_labels.tif", "a_model.json", "a_overlay.png", "a_probabilities.tif", "report.csv"),
                Images.tree(out));
        assertArrayEquals(new int[] {48, 32, 1}, Images.shape(out.resolve("a_labels.tif")));
        assertArrayEquals(new int[] {48, 32, 1}, Images.shape(out.resolve("a_overlay.png")));
        assertArrayEquals(new int[] {48, 32, 3}, Images.shape(out.resolve("a_probabilities.tif")));
        int[] labels = Images.samples(out.resolve("a_labels.tif"));
        assertEquals(List.of(1, 2, 3), Arrays.stream(labels).distinct().sorted().boxed().toList());
        assertTrue(Images.report(out).get(1).contains(out.resolve("a_labels.tif").toString()));
    }

    @Test
    void outputsDoNotDependOnTheThreadCountAndInputsAreNotTouched() throws IOException {
        Path in = dir.resolve("in");
        Images.rgb(in.resolve("a.png"), 64, 48, 1);
        Images.rgb(in.resolve("b.png"), 50, 50, 2);
        Images.gray(in.resolve("c.png"), 40, 30, 3);
        Files.copy(Images.SAMPLES.resolve("bbbc022_IXMtest_A02_s9_16bit_3ch.tif"), in.resolve("stack.tif"));
        Map<String, byte[]> bytes = new HashMap<>();
        Map<String, FileTime> times = new HashMap<>();
        for (String name : Images.tree(in)) {
            bytes.put(name, Files.readAllBytes(in.resolve(name)));
            times.put(name, Files.getLastModifiedTime(in.resolve(name)));
        }
        Object[] common = {"-k", 3, "--probabilities", "--overlay", "--max-samples", 20000, "--n-init", 2, "--init",
            "kmeans++", "--seed", 5};
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        Cli.Run runOne = Cli.run(concat(new Object[] {"segment", in, "-o", one, "--threads", 1}, common));
        Cli.Run runTwo = Cli.run(concat(new Object[] {"segment", in, "-o", two, "--threads", 2}, common));
        assertEquals(ExitCodes.OK, runOne.exitCode(), runOne::toString);
        assertEquals(ExitCodes.OK, runTwo.exitCode(), runTwo::toString);

        List<String> files = Images.tree(one);
        assertEquals(files, Images.tree(two));
        assertEquals(4 * 4 + 1, files.size(), files::toString);
        for (String name : files) {
            if (!name.equals("report.csv")) {
                assertArrayEquals(Files.readAllBytes(one.resolve(name)), Files.readAllBytes(two.resolve(name)), name);
            }
        }
        assertEquals(Files.readString(one.resolve("report.csv")).replace(one.toString(), "OUT"),
                Files.readString(two.resolve("report.csv")).replace(two.toString(), "OUT"));
        assertArrayEquals(new int[] {695, 395, 1}, Images.shape(one.resolve("stack_labels.png")));
        assertArrayEquals(new int[] {695, 395, 3}, Images.shape(one.resolve("stack_probabilities.tif")));

        assertEquals(bytes.keySet().stream().sorted().toList(), Images.tree(in));
        for (String name : bytes.keySet()) {
            assertArrayEquals(bytes.get(name), Files.readAllBytes(in.resolve(name)), name);
            assertEquals(times.get(name), Files.getLastModifiedTime(in.resolve(name)), name);
        }
    }

    @Test
    void anOutputThatWouldOverwriteAnInputIsAUsageErrorAndNothingIsWritten() throws IOException {
        Path x = Images.rgb(dir.resolve("x.png"), 20, 10, 1);
        Path xLabels = Images.rgb(dir.resolve("x_labels.png"), 20, 10, 2);
        byte[] before = Files.readAllBytes(xLabels);
        Cli.Run run = Cli.run("segment", x, xLabels, "-k", 2, "-o", dir);
        CommandLineTest.assertUsageError(run, "--out " + dir + " would overwrite the input " + xLabels + " with "
                + dir.resolve("x_labels.png"));
        assertArrayEquals(before, Files.readAllBytes(xLabels));
        assertEquals(List.of("x.png", "x_labels.png"), Images.tree(dir));
    }

    @Test
    void imagesThatWouldWriteTheSameOutputsFailAfterTheFirst() throws IOException {
        Images.rgb(dir.resolve("one/x.png"), 20, 10, 1);
        Images.rgb(dir.resolve("two/x.png"), 20, 10, 2);
        Path out = dir.resolve("out");
        Cli.Run run = Cli.run("segment", dir.resolve("one/x.png"), dir.resolve("two/x.png"), "-k", 2, "-o", out);
        assertEquals(ExitCodes.SOME_INPUTS_FAILED, run.exitCode(), run::toString);
        assertTrue(run.err().contains(dir.resolve("two/x.png") + ": its outputs would overwrite those of "
                + dir.resolve("one/x.png") + " (same name x)"), run::toString);
        // the same file given twice is processed once
        Cli.Run twice = Cli.run("segment", dir.resolve("one"), dir.resolve("one/x.png"), "-k", 2, "-o", out, "--overwrite");
        assertEquals(ExitCodes.OK, twice.exitCode(), twice::toString);
        assertTrue(twice.out().startsWith("images     1\n"), twice::toString);
    }

    @Test
    void usageErrors() throws IOException {
        Path a = Images.rgb(dir.resolve("in/a.png"), 20, 10, 1);
        CommandLineTest.assertUsageError(Cli.run("segment", a, "-k", 2), "--out");
        CommandLineTest.assertUsageError(Cli.run("segment", a, "-o", dir.resolve("out")), "--components");
        CommandLineTest.assertUsageError(Cli.run("segment", dir.resolve("in"), "-k", 2, "-o", dir.resolve("out"),
                "--glob", "*.tif"), "no images to process in " + dir.resolve("in") + " matching --glob '*.tif'");
        CommandLineTest.assertUsageError(Cli.run("segment", a, "-k", 2, "-o", a), "is a file; give a folder");
        CommandLineTest.assertUsageError(Cli.run("segment", a, "-k", 2, "-o", dir, "--features", "luv"),
                "unknown features 'luv'");
        CommandLineTest.assertUsageError(Cli.run("segment", a, "-k", 2, "-o", dir, "--xy-weight", 2),
                "--xy-weight needs features with +xy");
        CommandLineTest.assertUsageError(Cli.run("segment", a, "-k", 2, "-o", dir, "--mask-format", "jpg"),
                "unknown mask format 'jpg' (expected png or tif)");
        CommandLineTest.assertUsageError(Cli.run("segment", a, "-k", 2, "-o", dir, "--max-samples", -1),
                "--max-samples must be 0");
        CommandLineTest.assertUsageError(Cli.run("segment", a, "-k", 2, "-o", dir, "--glob", "[a"),
                "--glob '[a' is not a valid pattern");
        assertEquals(List.of("in/a.png"), Images.tree(dir));
    }

    @Test
    void theSampleDataQuickStartSkipsTheAttributionFile() throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        for (String name : List.of("ATTRIBUTION.md", "skimagetut_balloon.jpg", "morpholibj_NucleiDAPIconfocal.png")) {
            Files.copy(Images.SAMPLES.resolve(name), data.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path out = dir.resolve("out");
        Cli.Run run = Cli.run("segment", data, "--components", 3, "--out", out, "--max-samples", 20000);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("images     2\nprocessed  2\n"), run::toString);
        assertArrayEquals(new int[] {225, 300, 1}, Images.shape(out.resolve("skimagetut_balloon_labels.png")));
    }

    static Object[] concat(Object[] a, Object[] b) {
        Object[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
