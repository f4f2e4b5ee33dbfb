package org.gmmseg.fiji;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.gui.Roi;
import ij.plugin.PlugIn;
import ij.process.ByteProcessor;

import net.imglib2.RandomAccessibleInterval;

import org.gmmseg.core.GmmException;
import org.gmmseg.core.em.EmFitter;
import org.gmmseg.core.em.KernelWarmUp;
import org.gmmseg.segmentation.BatchSegmenter;
import org.gmmseg.segmentation.ProgressListener;
import org.gmmseg.segmentation.SegmentationModel;
import org.gmmseg.segmentation.axes.ImageAxes;

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
    private static final AtomicBoolean KERNEL_LOGGED = new AtomicBoolean();

    @Override
    public void run(String arg) {
        PluginSupport.run(TITLE, SegmentPlugin::segmentCurrentImage);
    }

    private static void segmentCurrentImage() throws IOException {
        KernelWarmUp.start(); // the SIMD kernel compiles while the dialog is open; nothing without the Vector API
        ImagePlus imp = PluginSupport.currentImage();
        SegmentParameters defaults = SegmentParameters.defaults(imp);
        String options = Macro.getOptions();
        SegmentParameters p = options != null ? SegmentParameters.fromMacroOptions(options, defaults)
                : PluginSupport.interactive()
                        ? SegmentDialog.show(TITLE, defaults, ImagePlusBridge.planeCount(imp), RoiMasks.areaRoi(imp) != null)
                        : defaults;
        if (p == null) {
            return;
        }
        if (!p.outputs().any() && p.saveModel().isEmpty()) {
            throw new GmmException("nothing to do: choose an output image or a model file to save");
        }
        ImagePlusSegmentation.Result result = segment(imp, p, PluginSupport.statusBar(TITLE), IJ::escapePressed);
        if (!p.saveModel().isEmpty()) {
            save(result.models(), !p.perSlice(), p.saveModel());
        }
        result.show();
        List<SegmentationModel> models = result.models();
        String planes = p.volume() ? "one volume" : models.size() + " plane" + (models.size() == 1 ? "" : "s");
        if (p.selecting()) {
            String choice = choice(p.perSlice() ? models : List.of(models.get(0)), p.criterion());
            IJ.log(TITLE + ": " + choice);
            for (String note : notes(p.perSlice() ? models : List.of(models.get(0)))) {
                IJ.log(TITLE + ": " + note);
            }
            IJ.showStatus(TITLE + ": " + choice + ", " + planes);
        } else {
            IJ.showStatus(TITLE + ": " + models.get(0).components() + " components, " + planes);
        }
    }

    /**
     * What the command does once its settings are known, with this progress and cancellation
     * (the command passes the status bar and {@code IJ::escapePressed}): fits (on the pixels
     * inside an area selection unless {@code roi=ignore}), labels, and makes the images, not
     * shown. Logs which EM kernel runs, once per session.
     *
     * @throws java.util.concurrent.CancellationException when cancelled; no image is made then
     */
    public static ImagePlusSegmentation.Result segment(ImagePlus imp, SegmentParameters p, ProgressListener progress,
            BooleanSupplier cancelled) {
        logKernel();
        BatchSegmenter segmenter = new BatchSegmenter(p.toOptions(p.volume() && imp.getNSlices() > 1));
        segmenter.setProgressListener(progress);
        segmenter.setCancellation(cancelled);
        if (p.volume()) {
            // a selection is 2-D: a volume is fitted and labelled whole
            SegmentationModel shared = segmenter.fitShared(List.of(ImagePlusBridge.hyperstack(imp)),
                    ImagePlusBridge.axes(imp));
            return ImagePlusSegmentation.segmentVolume(imp, segmenter, shared, p.outputs());
        }
        List<RandomAccessibleInterval<?>> planes = ImagePlusBridge.planes(imp);
        Roi roi = p.roi().equals(SegmentParameters.ROI_IGNORE) ? null : RoiMasks.areaRoi(imp);
        ByteProcessor mask = roi == null ? null : RoiMasks.mask(imp, roi);
        ImageAxes axes = ImagePlusSegmentation.planeAxes(imp);
        if (mask != null) {
            segmenter.setFitPixels(i -> RoiMasks.inside(planes.get(i), axes, mask));
        }
        SegmentationModel shared = p.perSlice() ? null : segmenter.fitShared(planes, axes);
        return ImagePlusSegmentation.segment(imp, segmenter, shared, p.outputs(),
                p.roi().equals(SegmentParameters.ROI_INSIDE_ONLY) ? mask : null);
    }

    /** Logs the EM kernel this JVM runs, the first time only (tests reset it). */
    static void logKernel() {
        if (KERNEL_LOGGED.compareAndSet(false, true)) {
            IJ.log(kernelLine());
        }
    }

    /** Whether the kernel line counts as logged; tests set it to keep the log to what they check. */
    static void setKernelLogged(boolean logged) {
        KERNEL_LOGGED.set(logged);
    }

    /** "GMM Segmentation: EM kernel: SIMD, 4 x 64-bit lanes (Vector API)", or scalar with how to get SIMD. */
    static String kernelLine() {
        String kernel = EmFitter.kernelDescription();
        return TITLE + ": EM kernel: " + (kernel.startsWith("SIMD") ? kernel
                : "scalar (start Fiji's Java with --add-modules=jdk.incubator.vector for the faster SIMD kernel; "
                        + "see Help)");
    }

    /** The remarks of the models' selections (a choice at the end of the range, candidates that failed), once each. */
    static List<String> notes(List<SegmentationModel> models) {
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            SegmentationModel m = models.get(i);
            if (m.selection() != null) {
                for (String note : m.selection().notes()) {
                    String line = (models.size() > 1 ? "plane " + (i + 1) + ": " : "") + note;
                    if (!notes.contains(line)) {
                        notes.add(line);
                    }
                }
            }
        }
        return notes;
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
