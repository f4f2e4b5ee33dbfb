package org.gmmseg.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.gmmseg.cli.ExitCodes;
import org.gmmseg.segmentation.axes.Calibration;
import org.gmmseg.segmentation.axes.ImageAxes;
import org.gmmseg.segmentation.io.ImageWriter;
import org.gmmseg.segmentation.io.MaskFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * gmmseg-spark on a local[2] context against the command line in the same JVM: the same files,
 * byte for byte, the same report, summary, messages and exit codes.
 */
class SparkCommandsTest {
    /** Three colour photos: 150423 distinct colours in lab (37 chunks). */
    private static final List<Object> PHOTOS = List.of(Runs.SAMPLES.resolve("skimage_coffee.png"),
            Runs.SAMPLES.resolve("skimage_chelsea.png"), Runs.SAMPLES.resolve("morpholibj_euro_coins.png"));

    @TempDir
    Path dir;

    @Test
    void segmentWritesTheFilesOfTheCommandLine() throws IOException {
        Path cli = dir.resolve("cli");
        Path spark = dir.resolve("spark");
        Runs expected = Runs.cli("segment", Runs.SAMPLES, "-k", 3, "--features", "lab", "--overlay", "--out", cli);
        Runs actual = Runs.spark("segment", Runs.SAMPLES, "-k", 3, "--features", "lab", "--overlay", "--out", spark);
        assertSameRun(expected, cli, actual, spark);
        assertEquals(ExitCodes.OK, actual.exitCode(), actual::toString);
        assertEquals(8 * 3 + 1, count(spark), "labels, model and overlay per image, and the report");
    }

    /** A calibrated z-stack and a time series, 8-bit ImageJ TIFFs: two levels with noise, the second half bright. */
    private Path volumes() throws IOException {
        Path in = Files.createDirectories(dir.resolve("volumes"));
        for (String axes : new String[] {"xyz", "xyt"}) {
            ArrayImg<UnsignedByteType, ByteArray> img = ArrayImgs.unsignedBytes(20, 16, 5);
            byte[] v = img.update(null).getCurrentStorageArray();
            SplittableRandom random = new SplittableRandom(axes.hashCode());
            for (int i = 0; i < v.length; i++) {
                v[i] = (byte) ((i % 20 < 10 ? 50 : 190) + random.nextInt(30));
            }
            ImageWriter.writeLabels(in.resolve(axes + ".tif"), img, ImageAxes.of(axes).withCalibration(
                    new Calibration(0.5, 0.5, 2, "micron", 3, "min")), MaskFormat.TIF, 255);
        }
        return in;
    }

    @Test
    void volumesAndTimeSeriesAreTheCommandLines() throws IOException {
        Path in = volumes();
        Path cli = dir.resolve("cli");
        Path spark = dir.resolve("spark");
        Runs expected = Runs.cli("segment", in, "-k", 2, "--features", "gray+xy", "--smooth", 0.5, "--probabilities",
                "--overlay", "--out", cli);
        Runs actual = Runs.spark("segment", in, "-k", 2, "--features", "gray+xy", "--smooth", 0.5, "--probabilities",
                "--overlay", "--out", spark);
        assertSameRun(expected, cli, actual, spark);
        assertEquals(ExitCodes.OK, actual.exitCode(), actual::toString);
        assertTrue(Files.exists(spark.resolve("xyz_labels.tif")) && Files.exists(spark.resolve("xyt_overlay.tif")));
        assertTrue(Files.readString(spark.resolve("report.csv")).contains(spark.resolve("xyz_labels.tif").toString()));

        Path sharedCli = dir.resolve("shared-cli");
        Path sharedSpark = dir.resolve("shared-spark");
        assertSameRun(Runs.cli("segment", in, "-k", 2, "--shared-model", "--axes", "tyx", "--out", sharedCli), sharedCli,
                Runs.spark("segment", in, "-k", 2, "--shared-model", "--axes", "tyx", "--out", sharedSpark), sharedSpark);
    }

    @Test
    void sharedModelIsTheCommandLines() throws IOException {
        Path cli = dir.resolve("cli");
        Path spark = dir.resolve("spark");
        // the two gray images fail (a shared model needs images of one kind), so the images after
        // the first of them take other seeds than the tasks first drew them with
        Runs expected = Runs.cli("segment", Runs.SAMPLES, "-k", 3, "--shared-model", "--max-samples", 20000, "--out", cli);
        Runs actual = Runs.spark("segment", Runs.SAMPLES, "-k", 3, "--shared-model", "--max-samples", 20000, "--out",
                spark);
        assertSameRun(expected, cli, actual, spark);
        assertEquals(ExitCodes.SOME_INPUTS_FAILED, actual.exitCode(), actual::toString);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 16})
    void distributedEmFitsTheModelOfOneMachine(int partitions) throws IOException {
        // the pool (64232 distinct colours: 16 chunks) is made, seeded and fitted on the executors
        Path cli = dir.resolve("cli.json");
        Path spark = dir.resolve("spark.json");
        Runs expected = Runs.cli(args(PHOTOS, "fit", "-k", 4, "--features", "lab", "--max-samples", 50000, "--init",
                "kmeans++", "--n-init", 2, "--max-iter", 8, "--model", cli));
        Runs actual = Runs.spark(args(PHOTOS, "fit", "-k", 4, "--features", "lab", "--max-samples", 50000, "--init",
                "kmeans++", "--n-init", 2, "--max-iter", 8, "--model", spark, "--distributed-em", "--partitions",
                partitions));
        assertEquals(ExitCodes.OK, actual.exitCode(), actual::toString);
        assertEquals(expected.out().replace(cli.toString(), "MODEL"), actual.out().replace(spark.toString(), "MODEL"));
        assertArrayEquals(Files.readAllBytes(cli), Files.readAllBytes(spark));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 16})
    void distributedSharedModelIsTheCommandLinesWhenImagesFail(int partitions) throws IOException {
        // the two gray images fail mid-way (a shared model needs images of one kind): the images
        // after them are drawn again with the seeds they then take
        Path cli = dir.resolve("cli");
        Path spark = dir.resolve("spark");
        Runs expected = Runs.cli("segment", Runs.SAMPLES, "-k", 3, "--shared-model", "--max-samples", 20000, "--init",
                "kmeans++", "--out", cli);
        Runs actual = Runs.spark("segment", Runs.SAMPLES, "-k", 3, "--shared-model", "--max-samples", 20000, "--init",
                "kmeans++", "--out", spark, "--distributed-em", "--partitions", partitions);
        assertSameRun(expected, cli, actual, spark);
        assertEquals(ExitCodes.SOME_INPUTS_FAILED, actual.exitCode(), actual::toString);
    }

    @Test
    void distributedModelSelectionIsTheCommandLines() throws IOException {
        Path cli = dir.resolve("cli");
        Path spark = dir.resolve("spark");
        // k-means starts every candidate (k-means++, Lloyd's iterations); ICL takes an entropy pass
        Runs expected = Runs.cli("segment", Runs.SAMPLES, "--glob", "*.jpg", "-k", "2..3", "--covariance", "full,diag",
                "--select", "icl", "--shared-model", "--out", cli);
        Runs actual = Runs.spark("segment", Runs.SAMPLES, "--glob", "*.jpg", "-k", "2..3", "--covariance", "full,diag",
                "--select", "icl", "--shared-model", "--out", spark, "--distributed-em", "--partitions", 3);
        assertSameRun(expected, cli, actual, spark);
        assertEquals(ExitCodes.OK, actual.exitCode(), actual::toString);
    }

    @Test
    void distributedEmOnAFeatureTable() throws IOException {
        // a table is read by the driver and sent to the executors in chunks; every pass runs there
        Path table = dir.resolve("x.csv");
        StringBuilder rows = new StringBuilder("a,b\n");
        java.util.SplittableRandom rng = new java.util.SplittableRandom(2);
        for (int i = 0; i < 9000; i++) {
            int c = i % 3;
            rows.append(c * 4 + rng.nextGaussian()).append(',').append(c * c + rng.nextGaussian()).append('\n');
        }
        Files.writeString(table, rows);
        List<List<Object>> options = List.of(List.of("-k", 3, "--init", "kmeans"), List.of("-k", 3, "--init", "random"),
                List.of("-k", 3, "--init", "random-from-data"), List.of("-k", "2..3", "--init", "kmeans++"));
        for (int i = 0; i < options.size(); i++) {
            Path cli = dir.resolve("cli" + i + ".json");
            Path spark = dir.resolve("spark" + i + ".json");
            Runs expected = Runs.cli(args(options.get(i), "fit", table, "--model", cli));
            Runs actual = Runs.spark(args(options.get(i), "fit", table, "--model", spark, "--distributed-em",
                    "--partitions", 2));
            assertEquals(ExitCodes.OK, actual.exitCode(), actual::toString);
            assertArrayEquals(Files.readAllBytes(cli), Files.readAllBytes(spark), options.get(i).toString());
        }
    }

    @Test
    void withDistributedEmTheDriverNeverHoldsThePool() throws IOException {
        // what the executors send the driver, task by task, measured by Spark itself: gathering the
        // pool on the driver sends each image's sample (hundreds of KB), the distributed pool only
        // counts, and each pass only small sums per chunk
        ResultSizes sizes = new ResultSizes();
        SharedSpark.context().sc().addSparkListener(sizes);
        try {
            Path cli = dir.resolve("cli.json");
            Runs expected = Runs.cli(args(PHOTOS, "fit", "-k", 4, "--features", "lab", "--model", cli));
            int distinct = Integer.parseInt(expected.out().lines().filter(l -> l.startsWith("distinct"))
                    .findFirst().orElseThrow().replaceAll("[^0-9]", ""));
            long poolBytes = distinct * 4L * Double.BYTES; // three features and a count per distinct colour
            assertTrue(poolBytes > 4_000_000, "a pool worth measuring: " + poolBytes);

            sizes.reset();
            Runs gathered = Runs.spark(args(PHOTOS, "fit", "-k", 4, "--features", "lab", "--model",
                    dir.resolve("gathered.json")));
            assertEquals(ExitCodes.OK, gathered.exitCode(), gathered::toString);
            assertTrue(sizes.largest() > poolBytes / 10, "gathering the pool sends samples: " + sizes);

            sizes.reset();
            Path spark = dir.resolve("spark.json");
            Runs distributed = Runs.spark(args(PHOTOS, "fit", "-k", 4, "--features", "lab", "--model", spark,
                    "--distributed-em", "--partitions", 4));
            assertEquals(ExitCodes.OK, distributed.exitCode(), distributed::toString);
            assertArrayEquals(Files.readAllBytes(cli), Files.readAllBytes(spark));
            assertTrue(sizes.tasks() > 100, sizes::toString);
            assertTrue(sizes.largest() < 40_000, "no task sends samples to the driver: " + sizes);
        } finally {
            SharedSpark.context().sc().removeSparkListener(sizes);
        }
    }

    /** The bytes each task sent the driver as its result (Spark's own measure). */
    private static final class ResultSizes extends SparkListener {
        private final AtomicLong largest = new AtomicLong();
        private final AtomicLong total = new AtomicLong();
        private final AtomicLong tasks = new AtomicLong();

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskMetrics() != null) {
                long size = end.taskMetrics().resultSize();
                largest.accumulateAndGet(size, Math::max);
                total.addAndGet(size);
                tasks.incrementAndGet();
            }
        }

        void reset() {
            drain();
            largest.set(0);
            total.set(0);
            tasks.set(0);
        }

        long largest() {
            drain();
            return largest.get();
        }

        long tasks() {
            drain();
            return tasks.get();
        }

        /** Waits until the listener has heard of every task that ended so far. */
        private static void drain() {
            try {
                SharedSpark.context().sc().listenerBus().waitUntilEmpty();
            } catch (TimeoutException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return tasks.get() + " tasks, largest result " + largest.get() + " bytes, " + total.get() + " in all";
        }
    }

    @Test
    void aCorruptImageFailsAloneAndARerunSkipsTheDoneImages() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(Runs.SAMPLES.resolve("skimagetut_mm.jpg"), in.resolve("a.jpg"));
        Files.write(in.resolve("b.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H'});
        Files.copy(Runs.SAMPLES.resolve("skimagetut_balloon.jpg"), in.resolve("c.jpg"));
        Path cli = dir.resolve("cli");
        Path spark = dir.resolve("spark");
        Runs expected = Runs.cli("segment", in, "-k", 3, "--out", cli);
        Runs actual = Runs.spark("segment", in, "-k", 3, "--out", spark);
        assertSameRun(expected, cli, actual, spark);
        assertEquals(ExitCodes.SOME_INPUTS_FAILED, actual.exitCode(), actual::toString);
        assertTrue(actual.err().startsWith("gmmseg-spark segment: " + in.resolve("b.png") + ": "), actual::toString);

        Runs again = Runs.spark("segment", in, "-k", 3, "--out", spark);
        Runs againCli = Runs.cli("segment", in, "-k", 3, "--out", cli);
        assertSameRun(againCli, cli, again, spark);
        assertTrue(again.out().contains("skipped    2"), again::toString);
        String report = Files.readString(spark.resolve("report.csv"));
        assertTrue(report.contains("a.jpg," + spark.resolve("a_labels.png") + ",,,,,skipped,"), report);
    }

    @Test
    void anImageOverTheMaxPixelsIsRefusedAloneOnTheExecutors() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(Runs.SAMPLES.resolve("skimagetut_balloon.jpg"), in.resolve("a.jpg")); // 225 x 300
        Files.copy(Runs.SAMPLES.resolve("skimage_chelsea.png"), in.resolve("b.png")); // 451 x 300: refused
        Files.copy(Runs.SAMPLES.resolve("skimagetut_balloon.jpg"), in.resolve("c.jpg"));
        // each image in its task, and sampled for a shared model on the executors (c then takes b's seed)
        for (boolean shared : new boolean[] {false, true}) {
            Path cli = dir.resolve("cli-" + shared);
            Path spark = dir.resolve("spark-" + shared);
            List<Object> inputs = shared ? List.of(in, "--shared-model") : List.of(in);
            Object[] options = {"segment", "-k", 3, "--max-pixels", 100000, "--max-samples", 5000, "--out"};
            Runs expected = Runs.cli(args(inputs, append(options, cli)));
            Runs actual = Runs.spark(args(inputs, shared ? append(options, spark, "--distributed-em", "--partitions", 2)
                    : append(options, spark)));
            assertSameRun(expected, cli, actual, spark);
            assertEquals(ExitCodes.SOME_INPUTS_FAILED, actual.exitCode(), actual::toString);
            assertTrue(actual.err().contains(in.resolve("b.png") + ": ") && actual.err().contains("--max-pixels"),
                    actual::toString);
        }
    }

    @Test
    void hadoopFileSystemsGiveTheFilesOfTheCommandLine() throws IOException {
        // file: URIs go through Hadoop's (local) file system, as hdfs: and s3a: ones go through theirs
        Path in = Files.createDirectories(dir.resolve("in/sub"));
        Files.copy(Runs.SAMPLES.resolve("skimagetut_mm.jpg"), in.resolve("a.jpg"));
        Files.copy(Runs.SAMPLES.resolve("skimagetut_balloon.jpg"), dir.resolve("in/b.jpg"));
        Files.writeString(dir.resolve("in/c.png"), "not an image");
        Path cli = dir.resolve("cli");
        Path spark = dir.resolve("spark");
        for (int run = 0; run < 2; run++) { // the second run skips, reusing the shared model
            Runs expected = Runs.cli("segment", dir.resolve("in"), "-r", "-k", 3, "--shared-model", "--overlay", "--out", cli);
            Runs actual = Runs.spark("segment", "file:" + dir.resolve("in"), "-r", "-k", 3, "--shared-model", "--overlay",
                    "--out", "file:" + spark, "--distributed-em");
            assertEquals(ExitCodes.SOME_INPUTS_FAILED, actual.exitCode(), actual::toString);
            assertSameRun(expected, cli, actual, spark, text -> text.replace("file:/", "/"));
        }
        assertTrue(Files.readString(spark.resolve("report.csv")).contains("file:" + dir.resolve("in/sub/a.jpg") + ",file:"
                + spark.resolve("sub/a_labels.png") + ",,,,,skipped,"));
    }

    @Test
    void fitWritesItsModelAndPlotOnAHadoopFileSystem() throws IOException {
        Path photo = Runs.SAMPLES.resolve("skimagetut_mm.jpg").toAbsolutePath().normalize();
        Path cli = dir.resolve("cli/m.json");
        Path spark = dir.resolve("spark/m.json");
        Runs expected = Runs.cli("fit", photo, "-k", "2..4", "--plot", dir.resolve("cli/m.svg"), "--model", cli);
        Runs actual = Runs.spark("fit", "file:" + photo, "-k", "2..4", "--plot", "file:" + dir.resolve("spark/m.svg"),
                "--model", "file:" + spark);
        assertEquals(ExitCodes.OK, actual.exitCode(), actual::toString);
        assertEquals(expected.out().replace(dir.resolve("cli").toString(), "OUT"),
                actual.out().replace("file:" + dir.resolve("spark"), "OUT"));
        assertArrayEquals(Files.readAllBytes(cli), Files.readAllBytes(spark));
        assertArrayEquals(Files.readAllBytes(dir.resolve("cli/m.svg")), Files.readAllBytes(dir.resolve("spark/m.svg")));
    }

    @Test
    void applyLabelsAsTheCommandLine() throws IOException {
        Path model = dir.resolve("model.json");
        assertEquals(ExitCodes.OK, Runs.cli("fit", Runs.SAMPLES.resolve("skimage_coffee.png"), "-k", 3, "--model", model)
                .exitCode());
        Path cli = dir.resolve("cli");
        Path spark = dir.resolve("spark");
        Runs expected = Runs.cli("apply", "--model", model, Runs.SAMPLES, "--glob", "skimage_c*", "--probabilities",
                "--out", cli);
        Runs actual = Runs.spark("apply", "--model", model, Runs.SAMPLES, "--glob", "skimage_c*", "--probabilities",
                "--out", spark);
        assertSameRun(expected, cli, actual, spark);
        // skimage_cell is gray: the colour model cannot label it
        assertEquals(ExitCodes.SOME_INPUTS_FAILED, actual.exitCode(), actual::toString);
    }

    @Test
    void usageErrorsAreTheCommandLines() {
        Runs expected = Runs.cli("segment", Runs.SAMPLES, "--out", dir);
        Runs actual = Runs.spark("segment", Runs.SAMPLES, "--out", dir, "--master", "local[1]");
        assertEquals(ExitCodes.USAGE, actual.exitCode());
        assertEquals(expected.err().replace("gmmseg ", "gmmseg-spark "), actual.err());
        assertEquals(ExitCodes.USAGE, Runs.spark("fit", Runs.SAMPLES, "-k", 2, "--model", dir.resolve("m.json"),
                "--partitions", 0).exitCode());
        Runs perImage = Runs.spark("segment", Runs.SAMPLES, "-k", 2, "--out", dir, "--distributed-em");
        assertEquals(ExitCodes.USAGE, perImage.exitCode());
        assertTrue(perImage.err().startsWith("gmmseg-spark segment: --distributed-em runs the EM of one model pooled"),
                perImage::toString);
    }

    private static Object[] args(List<Object> inputs, Object... rest) {
        Object[] all = new Object[inputs.size() + rest.length];
        all[0] = rest[0];
        for (int i = 0; i < inputs.size(); i++) {
            all[1 + i] = inputs.get(i);
        }
        System.arraycopy(rest, 1, all, 1 + inputs.size(), rest.length - 1);
        return all;
    }

    private static Object[] append(Object[] first, Object... more) {
        Object[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    /** The same exit code, stdout and stderr but for the output folder and the command's name, and the same files. */
    private static void assertSameRun(Runs expected, Path expectedDir, Runs actual, Path actualDir) throws IOException {
        assertSameRun(expected, expectedDir, actual, actualDir, UnaryOperator.identity());
    }

    /** @param normalise applied to gmmseg-spark's text (stdout, stderr, report) before the comparison */
    private static void assertSameRun(Runs expected, Path expectedDir, Runs actual, Path actualDir,
            UnaryOperator<String> normalise) throws IOException {
        assertEquals(expected.exitCode(), actual.exitCode(), actual::toString);
        assertEquals(expected.out().replace(expectedDir.toString(), "OUT"),
                normalise.apply(actual.out()).replace(actualDir.toString(), "OUT"));
        assertEquals(expected.err().replace(expectedDir.toString(), "OUT").replace("gmmseg ", "gmmseg-spark "),
                normalise.apply(actual.err()).replace(actualDir.toString(), "OUT"));
        List<Path> files = list(expectedDir);
        assertEquals(files, list(actualDir));
        for (Path file : files) {
            byte[] a = Files.readAllBytes(expectedDir.resolve(file));
            byte[] b = Files.readAllBytes(actualDir.resolve(file));
            if (file.toString().equals("report.csv")) {
                assertEquals(new String(a, StandardCharsets.UTF_8).replace(expectedDir.toString(), "OUT"),
                        normalise.apply(new String(b, StandardCharsets.UTF_8)).replace(actualDir.toString(), "OUT"));
            } else {
                assertArrayEquals(a, b, file.toString());
            }
        }
    }

    /** The files below a folder but gmmseg's state there (its lock names the process that held it). */
    private static List<Path> list(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(root::relativize)
                    .filter(f -> !f.startsWith(".gmmseg")).sorted().toList();
        }
    }

    private static long count(Path root) throws IOException {
        return list(root).size();
    }
}
