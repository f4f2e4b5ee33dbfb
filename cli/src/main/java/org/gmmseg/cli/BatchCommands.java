package org.gmmseg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.gmmseg.cli.options.InputOptions;
import org.gmmseg.cli.options.OutputOptions;
import org.gmmseg.cli.options.VerboseOption;
import org.gmmseg.segmentation.batch.Batch;
import org.gmmseg.segmentation.batch.BatchEngine;
import org.gmmseg.segmentation.batch.BatchPlanException;
import org.gmmseg.segmentation.batch.ImageResult;

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
            boolean modelPerImage, String plotExtension, List<Path> otherOutputs) throws IOException {
        Batch batch;
        try {
            batch = Batch.plan(arguments, input.selection(), output.layout(modelPerImage, plotExtension),
                    output.overwrite(), otherOutputs);
        } catch (BatchPlanException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        batch.warnings().forEach(w -> err.println("warning: " + w));
        err.flush();
        return batch;
    }

    /**
     * Runs the job on the pending images, with a progress bar on stderr when it is a terminal.
     *
     * @param label what the bar says is happening, e.g. "segmenting"
     */
    static void run(CommandSpec spec, BatchEngine engine, Batch batch, OutputOptions output, String label, int threads,
            Batch.Job job) throws InterruptedException {
        try (Progress progress = Progress.of(spec.commandLine().getErr(), label, batch.pendingCount(),
                output.quiet())) {
            engine.run(batch, threads, job, progress::step);
        }
    }

    /**
     * Writes the report, prints warnings and failures (stderr, in input order) and the summary
     * (stdout).
     *
     * @param extra further "key value" lines for the summary, e.g. the shared model
     * @return the exit code: 1 if an image failed by a bug, else 4 if the batch was aborted, else 3
     *     if any image failed, else 0
     */
    static int finish(CommandSpec spec, Batch batch, List<String[]> extra) throws IOException {
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
        err.flush();
        long failed = summary.count(ImageResult.Status.FAILED);
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"images", Integer.toString(summary.results().size())});
        lines.add(new String[] {"processed", Long.toString(summary.count(ImageResult.Status.OK))});
        lines.add(new String[] {"skipped", Long.toString(summary.count(ImageResult.Status.SKIPPED))});
        lines.add(new String[] {"failed", Long.toString(failed)});
        lines.addAll(extra);
        lines.add(new String[] {"output", batch.out().toString()});
        lines.add(new String[] {"report", batch.report().toString()});
        PrintWriter out = spec.commandLine().getOut();
        Formats.keyValues(lines).forEach(out::println);
        out.flush();
        if (summary.internalError()) {
            return ExitCodes.INTERNAL_ERROR;
        }
        if (summary.abortReason() != null) {
            return ExitCodes.FIT_FAILED;
        }
        return failed > 0 ? ExitCodes.SOME_INPUTS_FAILED : ExitCodes.OK;
    }
}
