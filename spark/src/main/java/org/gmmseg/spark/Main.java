package org.gmmseg.spark;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.gmmseg.cli.CommandLines;
import org.gmmseg.cli.LauncherStderr;
import org.gmmseg.core.em.KernelWarmUp;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code gmmseg-spark}: gmmseg's commands ({@code segment}, {@code apply}, {@code fit},
 * {@code info}) with their options, outputs, report and exit codes, run on Apache Spark
 * ({@link SparkEngine}), plus {@code --master} and {@code --partitions}, and {@code --distributed-em}
 * for the commands that fit. The main class of the spark-submit jar; the only place that calls
 * {@link System#exit}.
 */
public final class Main {
    /** The command's name in messages. */
    public static final String NAME = "gmmseg-spark";

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("segment") || args[0].equals("fit"))) {
            KernelWarmUp.start(); // while Spark starts; in local mode its executors are this JVM
        }
        Charset charset = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, charset), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, charset), true);
        int exitCode = run(args, null, out, err);
        LauncherStderr.awaitFilter();
        System.exit(exitCode);
    }

    /**
     * {@code --distributed-em} runs the EM of a pooled fit; {@code segment} without
     * {@code --shared-model} fits each image in its own task, where it would change nothing.
     */
    private static void requirePooledFit(ParseResult parsed) {
        ParseResult sub = parsed.subcommand();
        if (sub != null && sub.commandSpec().name().equals("segment") && sub.hasMatchedOption("--distributed-em")
                && !sub.hasMatchedOption("--shared-model")) {
            throw new ParameterException(sub.commandSpec().commandLine(), "--distributed-em runs the EM of one model "
                    + "pooled from all images; give --shared-model, or leave it out (each image is then fitted by one task)");
        }
    }

    /** Whether an argument other than the master's URL is a URI. */
    private static boolean namesHadoopPaths(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--master")) {
                i++;
            } else if (!args[i].startsWith("--master=") && HadoopFileSystem.isUri(args[i])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs gmmseg-spark on the arguments; returns the exit code.
     *
     * @param context the Spark context to run on, or null to make one ({@code --master}, or
     *     spark-submit's) when a command needs it, and stop it at the end
     */
    public static int run(String[] args, JavaSparkContext context, PrintWriter out, PrintWriter err) {
        SparkOptions spark = new SparkOptions();
        DistributedEmOption distributedEm = new DistributedEmOption();
        try (SparkEngine engine = new SparkEngine(context, spark, distributedEm)) {
            if (namesHadoopPaths(args)) {
                engine.start(); // Hadoop file systems are opened with Spark's Hadoop settings
            }
            CommandLine commandLine = CommandLines.create(NAME, engine, name -> switch (name) {
                case "segment", "fit" -> List.of(spark, distributedEm);
                case "apply" -> List.of(spark);
                default -> List.of();
            }, out, err);
            // every path of the command line may be a URI of a Hadoop file system
            commandLine.registerConverter(Path.class, HadoopFileSystem::path);
            commandLine.setExecutionStrategy(parsed -> {
                requirePooledFit(parsed);
                return new CommandLine.RunLast().execute(parsed);
            });
            try {
                return commandLine.execute(args);
            } finally {
                out.flush();
                err.flush();
            }
        }
    }
}
