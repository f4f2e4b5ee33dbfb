package org.gmmseg.fiji;

import java.util.List;
import java.util.Locale;

import ij.ImagePlus;

import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.features.ColorSpace;

/** The text of {@link ImagePlusSegmentation#summary}. Stateless. */
final class ModelSummary {
    private ModelSummary() {
    }

    static String of(SegmentationModel model, ImagePlus imp) {
        List<String> names = model.pipeline().names();
        int coordinates = model.features().hasXy() ? model.features().zCoordinate() ? 3 : 2 : 0;
        int colour = model.pipeline().dimension() - coordinates;
        double unit = unit(model, imp);
        StringBuilder b = new StringBuilder();
        b.append(model.components()).append(" components, ").append(model.mixture().covarianceType().id())
                .append(" covariance, features ").append(names).append(" (").append(model.features().describe())
                .append(")\n");
        b.append("label\tweight\tmean");
        if (unit > 0) {
            b.append("\tmean in image units (0..").append((long) unit).append(")");
        }
        b.append('\n');
        double[] weights = model.mixture().weights();
        double[][] means = model.mixture().means();
        for (int c = 0; c < model.components(); c++) {
            b.append(c + 1).append('\t').append(format(weights[c])).append('\t').append(values(means[c], 1, means[c].length));
            if (unit > 0) {
                b.append('\t').append(values(means[c], unit, colour));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * What a feature value of 1 is in the image's stored values (255, 65535), or 0 when there is
     * nothing to convert: 32-bit values are the features as they are, and lab and hsv are not the
     * stored values (gray of RGB is a weighted sum of them, in the same units).
     */
    static double unit(SegmentationModel model, ImagePlus imp) {
        ColorSpace cs = model.features().colorSpace();
        if (cs == ColorSpace.LAB || cs == ColorSpace.HSV) {
            return 0;
        }
        return switch (imp.getBitDepth()) {
            case 8, 24 -> 255;
            case 16 -> 65535;
            default -> 0;
        };
    }

    private static String values(double[] v, double scale, int n) {
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < n; j++) {
            b.append(j == 0 ? "" : " ").append(format(v[j] * scale));
        }
        return b.toString();
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
