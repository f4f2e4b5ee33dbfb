package org.gmmseg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.gmmseg.cli.options.InputOptions;
import org.gmmseg.cli.options.OutputOptions;
import org.gmmseg.cli.options.VerboseOption;
import org.gmmseg.core.FitMonitor;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.select.SelectionOptions;
import org.gmmseg.segmentation.batch.Batch;
import org.gmmseg.segmentation.batch.BatchEngine;
import org.gmmseg.segmentation.batch.BatchPlanException;
import org.gmmseg.segmentation.batch.FitSettings;
import org.gmmseg.segmentation.batch.ImageInputs.ImageInput;
import org.gmmseg.segmentation.batch.ImageProgress;
import org.gmmseg.segmentation.batch.ImageResult;
import org.gmmseg.segmentation.features.FeatureSpec;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The terminal side of a batch command ({@code segment}, {@code apply}): planning with usage
 * errors, running with a progress bar, and the end of the run on stdout and stderr with the exit
 * code. The batch itself ({@link Batch}) belongs to the segmentation module, shared by every front
 * end.
 */
final class BatchCommands {
    private BatchCommands() {
    }

    /**
     * Plans the batch; the warnings of the search for images go to stderr.
     *
     * @throws ParameterException when the batch cannot start as asked
     */
    static Batch plan(CommandSpec spec, List<Path> arguments, InputOptions input, OutputOptions output,
            boolean modelPerImage, String plotExtension, List<Path> otherOutputs, Map<String, String> settings)
            throws IOException {
        Batch batch;
        try {
            batch = Batch.plan(arguments, input.selection(), output.layout(modelPerImage, plotExtension),
                    output.overwrite(), otherOutputs, settings);
        } catch (BatchPlanException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        batch.limits(input.limits());
        PrintWriter err = spec.commandLine().getErr();
        batch.warnings().forEach(w -> err.println("warning: " + w));
        err.flush();
        return batch;
    }

    /**
     * The options of a fitting run that decide its outputs, as the command line names them, for the
     * record of the output folder ({@link Batch#plan}): a rerun with other values is refused.
     * Threads, the outputs asked for and {@code --quiet} change no output, so they are not among them.
     */
    static Map<String, String> fitSettings(String command, FeatureSpec features, FitOptions fit,
            SelectionOptions selection, Path initModel, long maxSamples) throws IOException {
        return FitSettings.of(command, features, fit, selection, initModel == null ? null : content(initModel),
                maxSamples);
    }

    /** A file by its content, for the record: {@code sha256 1a2b3c4d5e6f} (12 hex digits). */
    static String content(Path file) throws IOException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return "sha256 " + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Runs the job on the pending images, with a progress bar on stderr when it is a terminal that
     * shows what an image is at (reading, EM iterations, labelling), and with {@code --verbose} every
     * EM iteration as a line.
     *
     * @param label what the bar says is happening, e.g. "segmenting"
     * @param selecting whether the job fits by model selection, whose candidates the lines name
     */
    static void run(CommandSpec spec, BatchEngine engine, Batch batch, OutputOptions output, String label, int threads,
            Batch.Job job, boolean selecting) throws InterruptedException {
        boolean verbose = VerboseOption.given(spec);
        try (Progress progress = Progress.of(spec.commandLine().getErr(), label, batch.pendingCount(),
                output.quiet())) {
            engine.run(batch, threads, job, progress::step, new ImageProgress() {
                @Override
                public void phase(ImageInput input, Phase phase) {
                    progress.detail(name(input) + phase.name().toLowerCase(Locale.ROOT));
                }

                @Override
                public FitMonitor fitMonitor(ImageInput input) {
                    return new FitProgress(progress, name(input), verbose, selecting);
                }
            });
        }
    }

    /** An image in a progress line: its file name, which is enough to tell it among the others. */
    private static String name(ImageInput input) {
        return input.file().getFileName() + ": ";
    }

    /**
     * Writes the report, prints warnings and failures (stderr, in input order) and the summary
     * (stdout). When the report cannot be written (a full disk), the summary says so, the reason
     * goes to stderr and the report's rows follow the summary on stdout, so that none is lost.
     *
     * @param extra further "key value" lines for the summary, e.g. the shared model
     * @return the exit code: 1 if an image failed by a bug, else 4 if the batch was aborted or the
     *     report could not be written, else 3 if any image failed, else 0
     */
    static int finish(CommandSpec spec, Batch batch, List<String[]> extra) {
        Batch.Summary summary = batch.finish();
        PrintWriter err = spec.commandLine().getErr();
        boolean verbose = VerboseOption.given(spec);
        for (ImageResult r : summary.results()) {
            for (String warning : r.warnings()) {
                err.println("warning: " + r.input().display() + ": " + warning);
            }
            for (String note : r.notes()) {
                err.println("note: " + r.input().display() + ": " + note);
            }
            if (r.status() == ImageResult.Status.FAILED && !summary.byAbort(r)) {
                err.println(spec.qualifiedName() + ": " + r.input().display() + ": " + r.error()
                        + (r.internal() && !verbose ? " (run with --verbose for the stack trace)" : ""));
                if (verbose && r.cause() != null) {
                    r.cause().printStackTrace(err);
                }
            }
        }
        if (summary.abortReason() != null) {
            err.println(spec.qualifiedName() + ": " + summary.abortReason());
        }
        if (summary.reportError() != null) {
            err.println(spec.qualifiedName() + ": " + summary.reportError() + "; its rows are on stdout");
        }
        err.flush();
        long failed = summary.count(ImageResult.Status.FAILED);
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"images", Integer.toString(summary.results().size())});
        lines.add(new String[] {"processed", Long.toString(summary.count(ImageResult.Status.OK))});
        lines.add(new String[] {"skipped", Long.toString(summary.count(ImageResult.Status.SKIPPED))});
        lines.add(new String[] {"failed", Long.toString(failed)});
        lines.addAll(extra);
        lines.add(new String[] {"output", batch.out().toString()});
        lines.add(new String[] {"report", summary.reportError() == null ? batch.report().toString()
                : "not written: " + batch.report() + " (its rows follow)"});
        PrintWriter out = spec.commandLine().getOut();
        Formats.keyValues(lines).forEach(out::println);
        if (summary.reportError() != null) {
            out.println();
            out.print(summary.report());
        }
        out.flush();
        if (summary.internalError()) {
            return ExitCodes.INTERNAL_ERROR;
        }
        if (summary.abortReason() != null || summary.reportError() != null) {
            return ExitCodes.FIT_FAILED;
        }
        return failed > 0 ? ExitCodes.SOME_INPUTS_FAILED : ExitCodes.OK;
    }
}
