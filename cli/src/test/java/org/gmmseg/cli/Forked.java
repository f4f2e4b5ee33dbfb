package org.gmmseg.cli;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: runs gmmseg's {@link Main} in a JVM of its own, for what a test JVM cannot do to
 * itself: another locale, a small heap, a second process on the same output folder, a kill.
 */
final class Forked {
    private static final long TIMEOUT_SECONDS = 120;

    private Forked() {
    }

    /** The command that starts Main with these JVM options and arguments, on this JVM and class path. */
    static List<String> command(List<String> jvmOptions, Object... args) {
        return command(Main.class, jvmOptions, args);
    }

    /** The command that starts a class's main method, on this JVM and class path. */
    static List<String> command(Class<?> main, List<String> jvmOptions, Object... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        return command;
    }

    /** Starts Main; the environment is exactly {@code environment} plus PATH when it is given. */
    static Process start(List<String> jvmOptions, Map<String, String> environment, Object... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(jvmOptions, args));
        if (environment != null) {
            builder.environment().clear();
            builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            builder.environment().putAll(environment);
        }
        return builder.start();
    }

    /** Runs Main to its end; stdout and stderr decoded with this JVM's charset. */
    static Cli.Run run(List<String> jvmOptions, Map<String, String> environment, Object... args)
            throws IOException, InterruptedException {
        Process process = start(jvmOptions, environment, args);
        process.getOutputStream().close();
        // small outputs: read stderr on a thread of its own so neither pipe fills
        StringBuilder err = new StringBuilder();
        Thread errReader = new Thread(() -> {
            try {
                err.append(new String(process.getErrorStream().readAllBytes(), Charset.defaultCharset()));
            } catch (IOException e) {
                err.append(e);
            }
        });
        errReader.start();
        String out = new String(process.getInputStream().readAllBytes(), Charset.defaultCharset());
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("gmmseg did not end within " + TIMEOUT_SECONDS + " s");
        }
        errReader.join();
        return new Cli.Run(process.exitValue(), out, err.toString());
    }
}
