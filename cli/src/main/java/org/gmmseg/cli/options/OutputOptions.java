package org.gmmseg.cli.options;

import java.nio.file.Path;

import org.gmmseg.cli.options.Converters.MaskFormatConverter;
import org.gmmseg.segmentation.batch.OutputLayout;
import org.gmmseg.segmentation.io.MaskFormat;

import picocli.CommandLine.Option;

/** Where and what a batch writes: {@code --out}, the optional outputs, {@code --overwrite}, {@code --quiet}. */
public final class OutputOptions {
    @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true,
            description = "Output folder (created); outputs mirror the input sub-folders.")
    Path out;

    @Option(names = "--mask-format", paramLabel = "FORMAT", converter = MaskFormatConverter.class,
            description = "File format of the label images: png or tif; 8-bit up to 255 components, else 16-bit. "
                    + "Default: png for 2-D images, tif (one page per slice and frame) for volumes and time series, "
                    + "which a PNG cannot hold.")
    MaskFormat maskFormat;

    @Option(names = "--probabilities",
            description = "Also write NAME_probabilities.tif: the probability of every component, 32-bit float, "
                    + "the components as the channels of an ImageJ hyperstack.")
    boolean probabilities;

    @Option(names = "--overlay", description = "Also write NAME_overlay.png (NAME_overlay.tif, one page per plane, for "
            + "a volume or time series): the label colours blended over the image (images of more than 8 bits with "
            + "each channel stretched to its min..max).")
    boolean overlay;

    @Option(names = "--overwrite",
            description = "Redo images that are done, also those done with other options, whose outputs are "
                    + "removed first (by default done images are skipped, so an interrupted batch resumes, and a rerun "
                    + "with other options is refused).")
    boolean overwrite;

    @Option(names = {"-q", "--quiet"}, description = "No progress line.")
    boolean quiet;

    public Path out() {
        return out;
    }

    /** The format given, or null for PNG for 2-D images and TIFF for others. */
    public MaskFormat maskFormat() {
        return maskFormat;
    }

    public boolean probabilities() {
        return probabilities;
    }

    public boolean overlay() {
        return overlay;
    }

    public boolean overwrite() {
        return overwrite;
    }

    public boolean quiet() {
        return quiet;
    }

    /**
     * What a batch writes with these options.
     *
     * @param modelPerImage whether each image gets its {@code NAME_model.json}
     * @param plotExtension "svg" or "png" for a criterion plot per image, or null
     */
    public OutputLayout layout(boolean modelPerImage, String plotExtension) {
        return new OutputLayout(out, maskFormat, probabilities, overlay, modelPerImage, plotExtension);
    }
}
