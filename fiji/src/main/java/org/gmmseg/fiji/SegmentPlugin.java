package org.gmmseg.fiji;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.plugin.PlugIn;

import org.gmmseg.core.GmmException;
import org.gmmseg.segmentation.BatchSegmenter;
import org.gmmseg.segmentation.SegmentationModel;

/**
 * Plugins &gt; Segmentation &gt; GMM Segmentation: fits a Gaussian mixture to the current image
 * and makes the label image, probability stack and overlay. Settings come from the dialog, or
 * from the macro options ({@link SegmentParameters} lists the keys), e.g.
 * {@code run("GMM Segmentation", "components=3 features=lab seed=1");}, or for a z-stack as one
 * volume {@code run("GMM Segmentation", "components=3 xy smoothing=0.5 stacks=volume");}. In headless mode
 * without options the defaults are used. With a range of components
 * ({@code components=2..8}, or {@code components=auto}), K is chosen by the criterion and the
 * choice is written to the log in one line, e.g. "GMM Segmentation: chose K=4 full by BIC".
 */
public final class SegmentPlugin implements PlugIn {
    static final String TITLE = "GMM Segmentation";

    @Override
    public void run(String arg) {
        PluginSupport.run(TITLE, SegmentPlugin::segmentCurrentImage);
    }

    private static void segmentCurrentImage() throws IOException {
        ImagePlus imp = PluginSupport.currentImage();
        int channels = imp.getType() == ImagePlus.COLOR_RGB ? 3 : imp.getNChannels();
        SegmentParameters defaults = SegmentParameters.defaults(channels);
        String options = Macro.getOptions();
        SegmentParameters p = options != null ? SegmentParameters.fromMacroOptions(options, defaults)
                : PluginSupport.interactive() ? defaults.showDialog(TITLE) : defaults;
        if (p == null) {
            return;
        }
        if (!p.outputs().any() && p.saveModel().isEmpty()) {
            throw new GmmException("nothing to do: choose an output image or a model file to save");
        }
        BatchSegmenter segmenter = new BatchSegmenter(p.toOptions(p.volume() && imp.getNSlices() > 1));
        segmenter.setProgressListener(PluginSupport.statusBar(TITLE));
        segmenter.setCancellation(IJ::escapePressed);
        SegmentationModel shared;
        ImagePlusSegmentation.Result result;
        if (p.volume()) {
            shared = segmenter.fitShared(List.of(ImagePlusBridge.hyperstack(imp)), ImagePlusBridge.axes(imp));
            result = ImagePlusSegmentation.segmentVolume(imp, segmenter, shared, p.outputs());
        } else {
            shared = p.perSlice() ? null : segmenter.fitShared(ImagePlusBridge.planes(imp),
                    ImagePlusSegmentation.planeAxes(imp));
            result = ImagePlusSegmentation.segment(imp, segmenter, shared, p.outputs());
        }
        if (!p.saveModel().isEmpty()) {
            save(result.models(), shared != null, p.saveModel());
        }
        result.show();
        List<SegmentationModel> models = result.models();
        String planes = p.volume() ? "one volume" : models.size() + " plane" + (models.size() == 1 ? "" : "s");
        if (p.selecting()) {
            String choice = choice(shared != null ? List.of(shared) : models, p.criterion());
            IJ.log(TITLE + ": " + choice);
            IJ.showStatus(TITLE + ": " + choice + ", " + planes);
        } else {
            IJ.showStatus(TITLE + ": " + models.get(0).components() + " components, " + planes);
        }
    }

    /**
     * What a model selection chose, in one line: "chose K=4 full by BIC"; for models of several
     * planes that differ, "chose by BIC: K=3 full (plane 1), K=4 full (plane 2)".
     */
    static String choice(List<SegmentationModel> models, String criterion) {
        String by = "by " + criterion.toUpperCase(Locale.ROOT);
        List<String> chosen = models.stream()
                .map(m -> "K=" + m.components() + " " + m.mixture().covarianceType().id())
                .toList();
        if (chosen.stream().distinct().count() == 1) {
            return "chose " + chosen.get(0) + " " + by + (models.size() > 1 ? " for every plane" : "");
        }
        StringBuilder b = new StringBuilder("chose " + by + ":");
        for (int i = 0; i < chosen.size(); i++) {
            b.append(i == 0 ? " " : ", ").append(chosen.get(i)).append(" (plane ").append(i + 1).append(')');
        }
        return b.toString();
    }

    /** One file for a shared model; for one model per plane, {@code name-001.json}, {@code name-002.json}, ... */
    static void save(List<SegmentationModel> models, boolean shared, String path) throws IOException {
        if (shared || models.size() == 1) {
            models.get(0).save(Path.of(path));
            return;
        }
        for (int i = 0; i < models.size(); i++) {
            models.get(i).save(Path.of(numbered(path, i + 1)));
        }
    }

    static String numbered(String path, int index) {
        int dot = path.lastIndexOf('.');
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        String number = String.format("-%03d", index);
        return dot > slash + 1 ? path.substring(0, dot) + number + path.substring(dot) : path + number;
    }
}
