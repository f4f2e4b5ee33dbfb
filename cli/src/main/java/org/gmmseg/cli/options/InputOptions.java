package org.gmmseg.cli.options;

import org.gmmseg.segmentation.batch.InputSelection;
import org.gmmseg.segmentation.batch.ReadLimits;
import org.gmmseg.segmentation.io.ImageReader;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Which files of the input folders are images to process: {@code --recursive}, {@code --glob}. */
public final class InputOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = {"-r", "--recursive"},
            description = "Also take images from the sub-folders of input folders; outputs mirror the sub-folders.")
    boolean recursive;

    @Option(names = "--glob", paramLabel = "PATTERN",
            description = "Take the files of input folders whose name matches PATTERN, e.g. '*.tif' (a pattern with "
                    + "'/' is matched against the path below the folder). Default: png, jpg, jpeg, bmp, gif, tif "
                    + "and tiff files, in any case.")
    String glob;

    @Option(names = "--max-pixels", paramLabel = "N",
            description = "Refuse, without decoding, an image whose header declares more than N pixels (width x "
                    + "height). Default: a quarter of the memory Java may use, in pixels (${DEFAULT-VALUE} here).")
    long maxPixels = ImageReader.defaultMaxPixels();

    public boolean recursive() {
        return recursive;
    }

    /** The {@code --glob} as given, or null for the default image extensions. */
    public String glob() {
        return glob;
    }

    /**
     * The selection these options make.
     *
     * @throws ParameterException for a malformed pattern
     */
    public InputSelection selection() {
        InputSelection selection = new InputSelection(recursive, glob);
        try {
            selection.matcher();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), e.getMessage());
        }
        return selection;
    }

    /**
     * The limits on the images read: {@code --max-pixels} and this JVM's heap.
     *
     * @throws ParameterException when {@code --max-pixels} is below 1
     */
    public ReadLimits limits() {
        if (maxPixels < 1) {
            throw new ParameterException(mixee.commandLine(), "--max-pixels must be at least 1, got " + maxPixels);
        }
        return ReadLimits.defaults().withMaxPixels(maxPixels);
    }

    /** True when neither option was given (for refusing them where they do not apply). */
    public boolean isDefault() {
        return !recursive && glob == null;
    }
}
