package org.gmmseg.fiji;

import java.io.IOException;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.plugin.PlugIn;

import org.gmmseg.core.GmmException;
import org.gmmseg.segmentation.BatchSegmenter;
import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.SegmentationOptions;

/**
 * Plugins &gt; Segmentation &gt; GMM Segmentation (apply model): labels the current image with a
 * saved model, e.g. {@code run("GMM Segmentation (apply model)", "model=/data/m.json label_image");}.
 * The image must have the kind of channels the model was fitted on. A model fitted on volumes labels a
 * z-stack as one volume (3-D features and smoothing), other models label it plane by plane. An image
 * the model does not suit (e.g. a model of 8-bit photos on a 16-bit image; {@code RangeCheck}) gets a
 * warning in the Log.
 */
public final class ApplyModelPlugin implements PlugIn {
    static final String TITLE = "GMM Segmentation (apply model)";

    @Override
    public void run(String arg) {
        PluginSupport.run(TITLE, ApplyModelPlugin::applyToCurrentImage);
    }

    private static void applyToCurrentImage() throws IOException {
        ImagePlus imp = PluginSupport.currentImage();
        String options = Macro.getOptions();
        ApplyParameters p;
        if (options != null) {
            p = ApplyParameters.fromMacroOptions(options);
        } else if (PluginSupport.interactive()) {
            p = new ApplyParameters("", Outputs.LABELS_ONLY).showDialog(TITLE);
        } else {
            throw new GmmException("no model file given (option model=/path/to/model.json)");
        }
        if (p == null) {
            return;
        }
        if (p.model().isEmpty()) {
            throw new GmmException("no model file given");
        }
        IJ.showStatus(TITLE + ": reading " + p.model());
        SegmentationModel model = SegmentationModel.load(Path.of(p.model()));
        BatchSegmenter segmenter = new BatchSegmenter(SegmentationOptions.of(model.components()));
        segmenter.setProgressListener(PluginSupport.statusBar(TITLE));
        segmenter.setCancellation(IJ::escapePressed);
        ImagePlusSegmentation.Result result = ImagePlusSegmentation.asVolume(imp, model)
                ? ImagePlusSegmentation.segmentVolume(imp, segmenter, model, p.outputs())
                : ImagePlusSegmentation.segment(imp, segmenter, model, p.outputs());
        for (String warning : ImagePlusSegmentation.rangeWarnings(imp, model)) {
            IJ.log(TITLE + ": " + imp.getTitle() + ": warning: " + warning);
        }
        result.show();
    }
}
