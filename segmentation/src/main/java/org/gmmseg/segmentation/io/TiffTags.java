package org.gmmseg.segmentation.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.metadata.IIOMetadata;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;

import org.gmmseg.segmentation.axes.Axis;
import org.gmmseg.segmentation.axes.Calibration;

/**
 * What the first page of a TIFF says about the whole file: its description (ImageJ's key=value
 * lines or OME-XML) and its resolution tags, and from them which pages are the channels, slices and
 * frames of the image and its calibration.
 *
 * <p>Resolution tags count as calibration when the ImageJ description or the ResolutionUnit tag
 * (centimetre) gives a length unit; an inch resolution without either is a print density (72 or
 * 300 dpi from a scanner or a photo program), not the size of a sample, and is ignored.
 */
final class TiffTags {
    private static final int RESOLUTION_UNIT_CENTIMETRE = 3;

    private final String description;
    private final int samplesPerPixel;
    private final double xResolution;
    private final double yResolution;
    private final int resolutionUnit;

    private TiffTags(String description, int samplesPerPixel, double xResolution, double yResolution,
            int resolutionUnit) {
        this.description = description;
        this.samplesPerPixel = samplesPerPixel;
        this.xResolution = xResolution;
        this.yResolution = yResolution;
        this.resolutionUnit = resolutionUnit;
    }

    /** The axes and calibration a file's pages have. */
    record Axes(PageLayout layout, Calibration calibration, int samplesPerPixel) {
    }

    /**
     * The tags of the first page, as the JDK's TIFF reader gives them, with the description read from the file
     * as UTF-8 where the JDK's would have lost non-ASCII characters.
     */
    static TiffTags of(javax.imageio.ImageReader reader, Path path) throws IOException {
        IIOMetadata metadata = reader.getImageMetadata(0);
        TIFFDirectory dir;
        try {
            dir = TIFFDirectory.createFromMetadata(metadata);
        } catch (RuntimeException | javax.imageio.metadata.IIOInvalidTreeException e) {
            return new TiffTags(null, 1, 0, 0, 0); // a reader without TIFF metadata: no description, no resolution
        }
        TIFFField text = dir.getTIFFField(BaselineTIFFTagSet.TAG_IMAGE_DESCRIPTION);
        TIFFField unit = dir.getTIFFField(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT);
        TIFFField samples = dir.getTIFFField(BaselineTIFFTagSet.TAG_SAMPLES_PER_PIXEL);
        String description = text == null || text.getCount() == 0 ? null : text.getAsString(0);
        if (description != null && description.indexOf('\uFFFD') >= 0) {
            String raw = TiffDescription.read(path);
            description = raw != null ? raw : description;
        }
        return new TiffTags(description, samples == null ? 1 : Math.max(1, samples.getAsInt(0)),
                rational(dir.getTIFFField(BaselineTIFFTagSet.TAG_X_RESOLUTION)),
                rational(dir.getTIFFField(BaselineTIFFTagSet.TAG_Y_RESOLUTION)),
                unit == null ? 2 : unit.getAsInt(0)); // inch is the TIFF default
    }

    private static double rational(TIFFField field) {
        if (field == null || field.getCount() == 0) {
            return 0;
        }
        double v = field.getAsDouble(0);
        return v > 0 && Double.isFinite(v) ? v : 0;
    }

    /**
     * Which pages are the channels, slices and frames, and the calibration: the declared axes when given, else the
     * OME-XML, else the ImageJ description, else every page a slice.
     *
     * @param declared the user's axes, or null
     * @param pages the file's page count
     * @param fileName the file's name, for OME-XML that refers to files
     * @throws IllegalArgumentException when the metadata is malformed or does not fit the pages, naming the key
     */
    Axes axes(DeclaredAxes declared, int pages, String fileName) {
        if (declared != null) {
            Calibration calibration;
            try {
                calibration = metadataAxes(pages, fileName).calibration();
            } catch (IllegalArgumentException e) {
                calibration = resolutionCalibration(null); // the declaration may be there to bypass a bad description
            }
            return new Axes(declared.layout(pages), calibration, 0);
        }
        return metadataAxes(pages, fileName);
    }

    /**
     * Which pages are the channels, slices and frames, as {@link #axes} finds them from a first page's description
     * and samples per pixel; every page a slice when the description or the declaration does not fit.
     */
    static PageLayout pageLayout(String description, int samplesPerPixel, DeclaredAxes declared, int pages,
            String fileName) {
        try {
            return new TiffTags(description, samplesPerPixel, 0, 0, 0).axes(declared, pages, fileName).layout();
        } catch (IllegalArgumentException e) {
            return PageLayout.slices(pages);
        }
    }

    private Axes metadataAxes(int pages, String fileName) {
        if (OmeMetadata.is(description)) {
            OmeMetadata ome;
            try {
                ome = OmeMetadata.parse(description, fileName, pages);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot use its OME-XML: " + e.getMessage(), e);
            }
            return new Axes(ome.layout(), ome.calibration(), ome.samplesPerPixel());
        }
        if (ImageJMetadata.is(description)) {
            ImageJMetadata ij;
            try {
                ij = ImageJMetadata.parse(description).withSamples(samplesPerPixel);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("malformed ImageJ description: " + e.getMessage(), e);
            }
            if (ij.images() > pages) {
                throw new IllegalArgumentException("malformed ImageJ description: 'images' is " + ij.images()
                        + " but the file has " + pages + " page" + (pages == 1 ? "" : "s"));
            }
            PageLayout layout = PageLayout.inOrder(List.of(Axis.T, Axis.Z, Axis.C),
                    new int[] {ij.frames(), ij.slices(), ij.channels()});
            Calibration calibration = resolutionCalibration(ij.unit());
            if (ij.spacing() > 0) {
                calibration = calibration.withVoxelDepth(ij.spacing());
            }
            if (ij.frameInterval() > 0) {
                calibration = calibration.withFrameInterval(ij.frameInterval(), ij.timeUnit());
            }
            return new Axes(layout, calibration, 0);
        }
        return new Axes(PageLayout.slices(pages), resolutionCalibration(null), 0);
    }

    /**
     * The pixel size from the resolution tags in {@code unit}, or in centimetres when the ResolutionUnit tag says
     * so; no calibration otherwise.
     */
    private Calibration resolutionCalibration(String unit) {
        String u = unit;
        if (u == null || u.isBlank()) {
            u = resolutionUnit == RESOLUTION_UNIT_CENTIMETRE ? "cm" : null;
        }
        if (u == null || !Calibration.of(1, 1, 1, u).physical()) {
            return Calibration.NONE;
        }
        double w = xResolution > 0 ? 1 / xResolution : 1;
        double h = yResolution > 0 ? 1 / yResolution : w;
        return Calibration.of(w, h, 1, u);
    }
}
