package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The launcher {@code ./gmmseg} as a user runs it: its JVM options, its stderr, signals and the
 * locale. Run by Maven after {@code package} (the {@code launcher-tests} execution in cli's pom),
 * since the launcher runs the built jar; skipped when the jar or bash is missing. The class-data
 * archive is left out ({@code GMMSEG_CDS=0}) to keep these runs short.
 */
class LauncherIT {
    private static final Path ROOT = Path.of(System.getProperty("gmmseg.root", "..")).toAbsolutePath().normalize();
    private static final Path LAUNCHER = ROOT.resolve("gmmseg");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

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
    void aSignalToTheLauncherEndsTheJvmAndLeavesNoProcess(String signal, int exitCode) throws Exception {
        Path table = slowTable();
        Process launcher = start(Map.of(), "fit", table.toString(), "-k", "3", "--tol", "0", "--max-iter", "100000000",
                "-m", dir.resolve("never.json").toString());
        awaitFitting(launcher);
        assumeTrue(!"INT".equals(signal) || !ignoresSigint(launcher.pid()),
                "skipped: SIGINT is ignored in this process tree (a background job), and so in the JVM");
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
        assertFalse(Files.exists(dir.resolve("never.json")));
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

    private Process start(Map<String, String> env, String... args) throws IOException {
        Process p = builder(env, args).redirectOutput(dir.resolve("slow.out").toFile())
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
        environment.put("GMMSEG_CDS", "0");
        env.forEach((k, v) -> {
            if (v == null) {
                environment.remove(k);
            } else {
                environment.put(k, v);
            }
        });
        return pb;
    }

    /** Waits until the launcher has become the JVM and the JVM has worked for a while. */
    private static void awaitFitting(Process launcher) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!launcher.isAlive()) {
                fail("the slow fit ended early, exit code " + launcher.exitValue());
            }
            // the JVM is the launcher's own process (or, with a launcher that does not exec, its child)
            boolean jvm = isJava(launcher.toHandle()) || launcher.descendants().anyMatch(LauncherIT::isJava);
            if (jvm && cpuSeconds(launcher) >= 1.5) {
                return;
            }
            Thread.sleep(100);
        }
        fail("the slow fit did not start within " + START_TIMEOUT);
    }

    private static boolean isJava(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith("java")).orElse(false);
    }

    private static double cpuSeconds(Process launcher) {
        return launcher.toHandle().descendants().map(ProcessHandle::info).mapToDouble(LauncherIT::cpu).sum()
                + cpu(launcher.info());
    }

    private static double cpu(ProcessHandle.Info info) {
        return info.totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(0.0);
    }

    /** 20000 rows in two clusters: a fit with tol 0 and many iterations runs until it is stopped. */
    private Path slowTable() throws IOException {
        SplittableRandom rng = new SplittableRandom(1);
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            double shift = i % 2 == 0 ? 0 : 5;
            csv.append(String.format(Locale.ROOT, "%.6f,%.6f%n", shift + gaussian(rng), shift + gaussian(rng)));
        }
        Path table = dir.resolve("slow.csv");
        Files.writeString(table, csv);
        return table;
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
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
