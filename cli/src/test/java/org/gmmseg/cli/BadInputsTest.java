package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile numbers, names and models (issue 20, items 4, 5 and 13): each is a usage error or a
 * per-image failure with a message that says what is wrong, never a crash or a silent misuse.
 */
class BadInputsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "--smooth;1e9;--smooth must be at most 1000000, got 1.0E9",
        "--smooth;1e7;--smooth must be at most 1000000",
        "--smooth;-1;--smooth must be a finite number >= 0",
        "--xy-weight;1e300;--xy-weight must be at most 1000000, got 1.0E300",
        "--threads;100000;--threads must be between 1 and 1024, got 100000",
        "--components;70000;--components must be at most 65535",
        "--features;rgb+xy+xy;'+xy' is given twice in 'rgb+xy+xy'",
        "--features;rgb+foo;unknown feature '+foo' in 'rgb+foo'",
        "--out;'';--out is empty"})
    void unboundedOrMalformedOptionsAreUsageErrors(String option, String value, String message) throws IOException {
        Path image = Images.rgb(dir.resolve("a.png"), 16, 12, 1);
        String features = option.equals("--xy-weight") ? "rgb+xy" : "rgb";
        Object[] args = switch (option) {
            case "--out" -> new Object[] {"segment", image, "-k", 2, "--out", ""};
            case "--components" -> new Object[] {"segment", image, "-o", dir.resolve("out"), option, value};
            case "--features" -> new Object[] {"segment", image, "-k", 2, "-o", dir.resolve("out"), option, value};
            default -> new Object[] {"segment", image, "-k", 2, "-o", dir.resolve("out"), "--features", features, option,
                value};
        };
        CommandLineTest.assertUsageError(Cli.run(args), message);
        assertFalse(Files.exists(dir.resolve("out")), "nothing was written");
        assertFalse(Files.exists(Path.of("report.csv")), "--out '' wrote nothing into the current folder");
    }

    @Test
    void aModelWithAHugeSmoothingSigmaIsRefusedWhenItIsRead() throws IOException {
        Path image = Images.rgb(dir.resolve("a.png"), 16, 12, 1);
        assertEquals(ExitCodes.OK, Cli.run("segment", image, "-k", 2, "-o", dir.resolve("m"), "-q").exitCode());
        Path model = dir.resolve("m/a_model.json");
        Files.writeString(model, Files.readString(model).replace("\"smoothingSigma\": 0.0", "\"smoothingSigma\": 1e9"));
        assertTrue(Files.readString(model).contains("1e9"), "the model was edited");

        Cli.Run run = Cli.run("apply", "-m", model, image, "-o", dir.resolve("out"));

        assertEquals(ExitCodes.FIT_FAILED, run.exitCode(), run::toString);
        assertTrue(run.err().contains("a_model.json: 'features.smoothingSigma' must be at most 1000000, got 1.0E9"),
                run::toString);
    }

    @Test
    void infiniteValuesOfAFloatImageAreExcludedLikeNaN() throws IOException {
        // 8 x 6 float: dark left half, bright right half, and one +Inf, one -Inf and one NaN pixel
        float[] v = new float[8 * 6];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 8 < 4 ? 0.1f + 0.001f * i : 0.9f - 0.001f * i;
        }
        v[3] = Float.POSITIVE_INFINITY;
        v[12] = Float.NEGATIVE_INFINITY;
        v[40] = Float.NaN;
        Path image = dir.resolve("f.tif");
        org.gmmseg.segmentation.io.ImageWriter.writeProbabilities(image, net.imglib2.img.array.ArrayImgs.floats(v, 8, 6,
                1));

        Cli.Run run = Cli.run("segment", image, "-k", "2", "--mask-format", "tif", "--out", dir.resolve("out"));

        // +Inf failed the whole image ("non-finite"); now it is excluded as NaN is
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        int[] labels = Images.samples(dir.resolve("out/f_labels.tif"));
        for (int i = 0; i < labels.length; i++) {
            boolean excluded = i == 3 || i == 12 || i == 40;
            assertEquals(excluded, labels[i] == 0, "pixel " + i);
        }
        assertTrue(labels[0] != labels[7], "the halves differ");
    }

    @Test
    void aModelWithTooManyComponentsIsRefusedBeforeItIsBuilt() throws IOException {
        Path image = Images.rgb(dir.resolve("a.png"), 16, 12, 1);
        StringBuilder weights = new StringBuilder("[");
        for (int i = 0; i < 70000; i++) {
            weights.append(i == 0 ? "" : ",").append("0");
        }
        Path model = Files.writeString(dir.resolve("big.json"), "{\"format\": \"gmmseg-model\", \"formatVersion\": 1, "
                + "\"covarianceType\": \"spherical\", \"weights\": " + weights + "], \"means\": [], \"covariances\": []}");

        Cli.Run run = Cli.run("apply", "-m", model, image, "-o", dir.resolve("out"));

        assertEquals(ExitCodes.FIT_FAILED, run.exitCode(), run::toString);
        assertTrue(run.err().contains("'weights' has 70000 components; a model has at most 65535"), run::toString);
    }

    @Test
    void aTinySampleSaysSoInsteadOfBlamingTheImage() throws IOException {
        Path image = Images.rgb(dir.resolve("a.png"), 40, 30, 1);
        Path out = dir.resolve("out");

        Cli.Run one = Cli.run("segment", image, "-k", 3, "-o", out, "--max-samples", 1);
        Cli.Run few = Cli.run("segment", image, "-k", 3, "-o", out, "--max-samples", 2);

        assertEquals(ExitCodes.SOME_INPUTS_FAILED, one.exitCode(), one::toString);
        // it draws no pixel or one, depending on the seed: either way the message says it is the sample
        assertTrue(one.err().contains("a.png: the random sample of about 1 pixel per image drew "), one::toString);
        assertTrue(one.err().contains("sample more pixels (--max-samples)"), one::toString);
        assertFalse(one.err().contains("transparent"), one::toString);
        assertEquals(ExitCodes.SOME_INPUTS_FAILED, few.exitCode(), few::toString);
        assertTrue(few.err().contains("the random sample of about 2 pixels per image drew only "), few::toString);
        assertTrue(few.err().contains("(of 1200 valid pixels) for K=3"), few::toString);
    }

    @Test
    void aWarmStartFittedOnOtherFeaturesIsRefused() throws IOException {
        Path image = Images.rgb(dir.resolve("a.png"), 30, 20, 1);
        assertEquals(ExitCodes.OK, Cli.run("segment", image, "-k", 3, "-o", dir.resolve("lab"), "--features", "lab")
                .exitCode());
        Path lab = dir.resolve("lab/a_model.json");

        CommandLineTest.assertUsageError(Cli.run("segment", image, "--init-model", lab, "-o", dir.resolve("out")),
                "--init-model " + lab + " was fitted on features lab but this fit computes rgb");
        CommandLineTest.assertUsageError(Cli.run("fit", image, "--init-model", lab, "-m", dir.resolve("m.json"),
                "--features", "lab+xy"), "was fitted on features lab but this fit computes lab+xy (xy weight 1.0)");
        Cli.Run same = Cli.run("segment", image, "--init-model", lab, "-o", dir.resolve("out"), "--features", "lab");
        assertEquals(ExitCodes.OK, same.exitCode(), same::toString);
        assertEquals(List.of("a_labels.png", "a_model.json", "report.csv"), Images.tree(dir.resolve("out")));
    }
}
