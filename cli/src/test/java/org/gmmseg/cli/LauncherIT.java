package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The launcher {@code ./gmmseg} as a user runs it: its JVM options, its stderr, signals and the
 * locale. Run by Maven after {@code package} (the {@code launcher-tests} execution in cli's pom),
 * since the launcher runs the built jar; skipped when the jar or bash is missing.
 */
class LauncherIT {
    private static final Path ROOT = Path.of(System.getProperty("gmmseg.root", "..")).toAbsolutePath().normalize();
    private static final Path LAUNCHER = ROOT.resolve("gmmseg");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How long a loaded machine may take to start the slow batch and finish its first image. */
    private static final Duration SLOW_START_TIMEOUT = Duration.ofSeconds(120);
    private static final int IMAGES = 40;
    private static final int SIDE = 64;

    @TempDir
    Path dir;

    /** Every process a test started, killed after it if still alive. */
    private final List<ProcessHandle> started = new ArrayList<>();

    @BeforeAll
    static void launcherAndJarPresent() {
        assumeTrue(Files.isRegularFile(ROOT.resolve("cli/target/gmmseg.jar")),
                "skipped: cli/target/gmmseg.jar is missing; these tests run after mvn package");
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")),
                "skipped: the launcher needs bash");
    }

    @AfterEach
    void killLeftovers() {
        started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void versionNamesTheSimdKernelAndStderrStaysEmpty() throws Exception {
        Run run = run(Map.of(), "--version");
        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.out.contains("EM kernel: SIMD"), run.out);
        // the JVM's notes on the incubator module and the compiler directives are dropped
        assertEquals("", run.err);
    }

    @Test
    void scalarKernelOnRequest() throws Exception {
        Run run = run(Map.of("GMMSEG_SIMD", "0"), "--version");
        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.out.contains("EM kernel: scalar"), run.out);
    }

    @Test
    void theHeapMayGrowToHalfOfTheMemoryByDefault() throws Exception {
        Run run = run(Map.of("GMMSEG_JAVA_OPTS", "-XX:+PrintFlagsFinal"), "--version");
        assertEquals(0, run.exitCode, run.err);
        assertTrue(flag(run.err, "MaxRAMPercentage").startsWith("50.0"), run.err);
    }

    @Test
    void gmmsegJavaOptsComeLastAndWin() throws Exception {
        // the JVM prints its flags on stderr (jvm.options sends its output there)
        Run overridden = run(Map.of("GMMSEG_JAVA_OPTS", "-XX:+PrintFlagsFinal -XX:MaxRAMPercentage=33 -Xmx300m"),
                "--version");
        assertEquals(0, overridden.exitCode, overridden.err);
        assertTrue(flag(overridden.err, "MaxRAMPercentage").startsWith("33.0"), overridden.err);
        assertEquals(String.valueOf(300L << 20), flag(overridden.err, "MaxHeapSize"), overridden.err);
    }

    @Test
    void theErrorLineIsOnStderrWhenTheLauncherExits() throws Exception {
        // a caller waits for the launcher's process only; the stderr filter must be done by then
        for (int i = 0; i < 3; i++) {
            Path model = dir.resolve("m.json");
            Run run = run(Map.of(), "fit", dir.resolve("missing.csv").toString(), "-k", "3", "-m", model.toString());
            assertEquals(ExitCodes.FIT_FAILED, run.exitCode, run.err);
            assertTrue(run.err.startsWith("gmmseg fit: ") && run.err.contains("missing.csv"), run.err);
        }
    }

    @ParameterizedTest
    @CsvSource({"KILL, 137", "TERM, 143", "INT, 130"})
    void aSignalToTheLauncherMidBatchEndsTheJvmAndLeavesOnlyCompleteOutputs(String signal, int exitCode)
            throws Exception {
        Path images = slowImages();
        Path out = dir.resolve("out");
        Process launcher = start(Map.of(), "segment", images.toString(), "-k", "4", "--tol", "0", "--max-iter",
                "2000", "--out", out.toString(), "-q");
        awaitFirstLabels(launcher, out);
        assumeTrue(!"INT".equals(signal) || !ignoresSigint(launcher.pid()),
                "skipped: SIGINT is ignored in this process tree (a background job) and env cannot reset it");
        List<ProcessHandle> tree = new ArrayList<>(launcher.descendants().collect(Collectors.toList()));
        tree.add(launcher.toHandle());
        started.addAll(tree);

        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(launcher.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertTrue(launcher.waitFor(30, TimeUnit.SECONDS), "the launcher outlived SIG" + signal);
        assertEquals(exitCode, launcher.exitValue());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<String> alive = tree.stream().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).collect(Collectors.toList());
        assertEquals(List.of(), alive, "left running after SIG" + signal);
        List<Path> labels = visibleOutputs(out, "_labels.png");
        assertTrue(labels.size() < IMAGES, "the batch had ended before SIG" + signal);
        for (Path label : labels) { // written to a hidden file and renamed: complete or absent
            BufferedImage image = ImageIO.read(label.toFile());
            assertTrue(image != null && image.getWidth() == SIDE && image.getHeight() == SIDE, label.toString());
            String stem = label.getFileName().toString().replace("_labels.png", "");
            assertTrue(Files.size(out.resolve(stem + "_model.json")) > 0, stem + "_model.json");
        }
    }

    @Test
    void nonAsciiFileNamesUnderTheCLocale() throws Exception {
        assumeTrue(utf8LocaleExists(), "skipped: no C.UTF-8 locale to switch to");
        Path image;
        try {
            image = dir.resolve("caf\u00e9.jpg");
        } catch (InvalidPathException e) {
            assumeTrue(false, "skipped: this JVM cannot name the test file (" + e.getMessage() + ")");
            return;
        }
        Files.copy(ROOT.resolve("samples/data/skimagetut_balloon.jpg"), image);
        Map<String, String> cLocale = new java.util.HashMap<>();
        cLocale.put("LANG", "C");
        cLocale.put("LC_ALL", null);
        cLocale.put("LC_CTYPE", null);
        Run run = run(cLocale, "segment", image.toString(), "-k", "2", "--out", dir.resolve("out").toString());
        assertEquals(0, run.exitCode, run.err);
        assertTrue(Files.isRegularFile(dir.resolve("out/caf\u00e9_labels.png")), run.out);
    }

    private record Run(int exitCode, String out, String err) {
    }

    /** Runs the launcher to its end; the environment's GMMSEG_ variables are replaced by {@code env}. */
    private Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = builder(env, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        started.add(p.toHandle());
        if (!p.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            fail("./gmmseg " + String.join(" ", args) + " did not finish");
        }
        // read right at the exit: whatever is missing now, a caller's script would miss too
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /**
     * Starts the launcher with SIGINT at its default where env can do that ({@code env
     * --default-signal}), as a terminal's Ctrl-C finds it; a background job (Maven run with {@code &})
     * would otherwise pass on SIGINT ignored.
     */
    private Process start(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = builder(env, args);
        if (new ProcessBuilder("env", "--default-signal=INT", "true").start().waitFor() == 0) {
            pb.command().addAll(0, List.of("env", "--default-signal=INT"));
        }
        Process p = pb.redirectOutput(dir.resolve("slow.out").toFile())
                .redirectError(dir.resolve("slow.err").toFile()).start();
        started.add(p.toHandle());
        return p;
    }

    private ProcessBuilder builder(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> environment = pb.environment();
        environment.keySet().removeIf(k -> k.startsWith("GMMSEG_"));
        env.forEach((k, v) -> {
            if (v == null) {
                environment.remove(k);
            } else {
                environment.put(k, v);
            }
        });
        return pb;
    }

    /** Waits until the batch has written its first label image. */
    private static void awaitFirstLabels(Process launcher, Path out) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + SLOW_START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!launcher.isAlive()) {
                fail("the slow batch ended early, exit code " + launcher.exitValue());
            }
            if (!visibleOutputs(out, "_labels.png").isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
        fail("the slow batch wrote no labels within " + SLOW_START_TIMEOUT);
    }

    /** The files of the folder whose names end so and do not start with a dot, sorted. */
    private static List<Path> visibleOutputs(Path folder, String ending) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")
                    && f.getFileName().toString().endsWith(ending)).sorted().collect(Collectors.toList());
        }
    }

    /**
     * {@value #IMAGES} noisy images of three colours, thousands of distinct colours each: with tol 0
     * and 2000 iterations each takes a while, so a batch is stopped between its first and last image.
     */
    private Path slowImages() throws IOException {
        SplittableRandom rng = new SplittableRandom(1);
        Path images = Files.createDirectories(dir.resolve("images"));
        for (int n = 0; n < IMAGES; n++) {
            BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    int base = 30 + 70 * ((x * 3) / SIDE);
                    int r = base + rng.nextInt(64);
                    int g = base + rng.nextInt(64);
                    image.setRGB(x, y, r << 16 | g << 8 | ((x * SIDE + y) & 0xff));
                }
            }
            ImageIO.write(image, "png", images.resolve(String.format(Locale.ROOT, "image%02d.png", n)).toFile());
        }
        return images;
    }

    /** The value column of a flag in -XX:+PrintFlagsFinal's table, e.g. "50.000000". */
    private static String flag(String flags, String name) {
        return flags.lines().map(String::trim).filter(l -> l.matches("\\S+\\s+" + name + "\\s+=.*"))
                .map(l -> l.replaceAll(".*=\\s*(\\S+).*", "$1")).findFirst().orElse("");
    }

    /** Whether the process ignores SIGINT, as a background job of a script does from its start. */
    private static boolean ignoresSigint(long pid) throws IOException {
        Path status = Path.of("/proc", String.valueOf(pid), "status");
        if (!Files.isReadable(status)) {
            return false;
        }
        long ignored = Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:"))
                .mapToLong(l -> Long.parseUnsignedLong(l.substring(7).trim(), 16)).findFirst().orElse(0);
        return (ignored & (1L << (2 - 1))) != 0; // SIGINT is signal 2
    }

    private static boolean utf8LocaleExists() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("locale", "-a").redirectErrorStream(true).start();
        String locales = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() == 0
                && locales.lines().anyMatch(l -> l.equalsIgnoreCase("C.UTF-8") || l.equalsIgnoreCase("C.utf8"));
    }
}
