package org.gmmseg.segmentation.batch;

import java.nio.file.Path;
import java.util.Objects;

import org.gmmseg.segmentation.io.MaskFormat;

/**
 * What a batch writes for each image, below one output folder ({@link OutputFiles#of}).
 *
 * @param folder the output folder
 * @param maskFormat the label images' format; null for PNG for 2-D images and TIFF for volumes and time series
 * @param probabilities whether {@code NAME_probabilities.tif} is written
 * @param overlay whether {@code NAME_overlay.png} is written
 * @param modelPerImage whether each image gets its {@code NAME_model.json}
 * @param plotExtension "svg" or "png" when each image gets the criterion plot of its model
 *     selection, {@code NAME_selection.svg|png}; else null
 */
public record OutputLayout(Path folder, MaskFormat maskFormat, boolean probabilities, boolean overlay,
        boolean modelPerImage, String plotExtension) {
    public OutputLayout {
        Objects.requireNonNull(folder, "folder");
    }
}
