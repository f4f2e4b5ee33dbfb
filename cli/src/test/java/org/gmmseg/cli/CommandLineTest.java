package org.gmmseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import picocli.CommandLine;

/** Help, version and usage errors: everything decided before any file is read. */
class CommandLineTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"", "segment", "apply", "fit", "info"})
    void helpExitsZeroOnEveryCommand(String command) {
        for (String flag : new String[] {"--help", "-h"}) {
            Cli.Run run = command.isEmpty() ? Cli.run(flag) : Cli.run(command, flag);
            assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
            assertTrue(run.out().startsWith("Usage: gmmseg" + (command.isEmpty() ? "" : " " + command)), run::toString);
            assertTrue(run.out().contains("--verbose"), run::toString);
            assertEquals("", run.err());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "segment", "apply", "fit", "info"})
    void versionExitsZeroOnEveryCommand(String command) {
        Cli.Run run = command.isEmpty() ? Cli.run("--version") : Cli.run(command, "--version");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().matches("(?s)gmmseg \\d+\\.\\d+\\.\\d+\\S*\\R.*"), run::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"segment", "apply", "fit", "info"})
    void aNamedCommandIsBuiltAloneAndBehavesAsInTheFullCommandLine(String command) {
        CommandLine alone = CommandLines.forArguments(new String[] {command, "--help"}, silent(), silent());
        assertEquals(List.of(command), List.copyOf(alone.getSubcommands().keySet()));
        CommandLine all = CommandLines.create(silent(), silent());
        assertEquals(all.getSubcommands().get(command).getUsageMessage(),
                alone.getSubcommands().get(command).getUsageMessage());
        // the error handling reaches the lone subcommand too: a usage error exits 2 and names the command
        StringWriter err = new StringWriter();
        String[] args = {command, "--no-such-option"};
        int code = CommandLines.forArguments(args, silent(), new PrintWriter(err, true)).execute(args);
        assertEquals(ExitCodes.USAGE, code);
        assertTrue(err.toString().startsWith("gmmseg " + command + ": "), err::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "help", "--verbose", "segmentx"})
    void otherArgumentsGetEveryCommand(String first) {
        String[] args = first.isEmpty() ? new String[0] : new String[] {first};
        CommandLine commandLine = CommandLines.forArguments(args, silent(), silent());
        assertEquals(List.of("segment", "apply", "fit", "info", "help"),
                List.copyOf(commandLine.getSubcommands().keySet()));
    }

    private static PrintWriter silent() {
        return new PrintWriter(new StringWriter());
    }

    @Test
    void versionComesFromTheFilteredResourceWhenThereIsNoManifest() {
        // tests run from target/classes: no jar manifest, so the filtered properties must work
        assertTrue(ManifestVersionProvider.version().matches("\\d+\\.\\d+\\.\\d+\\S*"), ManifestVersionProvider.version());
    }

    @Test
    void helpSubcommandShowsTheHelpOfACommand() {
        Cli.Run run = Cli.run("help", "fit");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("--components"), run::toString);
    }

    @Test
    void noSubcommandIsAUsageErrorShowingTheCommands() {
        Cli.Run run = Cli.run();
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("fit") && run.err().contains("info"), run::toString);
    }

    @Test
    void unknownSubcommandSuggestsTheClosestOne() {
        Cli.Run run = Cli.run("fitt");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("gmmseg: Unmatched argument"), run::toString);
        assertTrue(run.err().contains("gmmseg fit"), run::toString);
    }

    @Test
    void missingComponentsIsAUsageError() {
        Cli.Run run = Cli.run("fit", dir.resolve("a.csv"), "--model", dir.resolve("m.json"));
        assertUsageError(run, "--components");
    }

    @Test
    void missingModelIsAUsageError() {
        Cli.Run run = Cli.run("fit", dir.resolve("a.csv"), "--components", 2);
        assertUsageError(run, "--model");
    }

    @Test
    void unknownCovarianceIsAUsageErrorListingTheChoices() {
        Cli.Run run = Cli.run("fit", dir.resolve("a.csv"), "-k", 2, "-m", dir.resolve("m.json"), "--covariance", "banana");
        assertUsageError(run, "'banana' (expected one of full, tied, diag, spherical)");
    }

    @Test
    void unknownInitialisationIsAUsageErrorListingTheChoices() {
        Cli.Run run = Cli.run("fit", dir.resolve("a.csv"), "-k", 2, "-m", dir.resolve("m.json"), "--init", "kmeans+");
        assertUsageError(run, "kmeans, kmeans++, random, random-from-data");
    }

    @Test
    void choicesAreCaseInsensitive() {
        // passes option parsing and validation, then fails on the missing table (exit 4, not 2)
        Cli.Run run = Cli.run("fit", dir.resolve("missing.csv"), "-k", 2, "-m", dir.resolve("m.json"),
                "--covariance", "DIAG", "--init", "Random");
        assertEquals(ExitCodes.FIT_FAILED, run.exitCode(), run::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--components=0", "--n-init=0", "--max-iter=0", "--tol=-1", "--tol=NaN",
        "--reg-covar=-1e-6", "--threads=0", "--tol=abc"})
    void outOfRangeNumbersAreUsageErrorsNamingTheOption(String option) {
        String k = option.startsWith("--components") ? option : "-k=2";
        Cli.Run run = Cli.run("fit", dir.resolve("a.csv"), k, "-m", dir.resolve("m.json"), option);
        assertUsageError(run, option.substring(0, option.indexOf('=')));
    }

    @Test
    void initAndNInitCannotBeCombinedWithAWarmStart() {
        assertUsageError(Cli.run("fit", dir.resolve("a.csv"), "-m", dir.resolve("m.json"),
                "--init-model", dir.resolve("w.json"), "--init", "random"), "--init cannot be combined");
        assertUsageError(Cli.run("fit", dir.resolve("a.csv"), "-m", dir.resolve("m.json"),
                "--init-model", dir.resolve("w.json"), "--n-init", "3"), "--n-init cannot be combined");
    }

    @Test
    void infoWithoutAModelIsAUsageError() {
        assertUsageError(Cli.run("info"), "MODEL.json");
    }

    static void assertUsageError(Cli.Run run, String expected) {
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertEquals("", run.out(), run::toString);
        String[] lines = run.err().split("\\R");
        assertEquals(2, lines.length, run::toString);
        assertTrue(lines[0].startsWith("gmmseg "), run::toString);
        assertTrue(lines[0].contains(expected), run::toString);
        assertTrue(lines[1].startsWith("Try 'gmmseg"), run::toString);
        assertFalse(run.err().contains("\tat "), run::toString);
    }
}
