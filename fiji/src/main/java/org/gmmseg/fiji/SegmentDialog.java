package org.gmmseg.fiji;

import java.awt.Choice;
import java.awt.TextField;
import java.util.Vector;

import ij.gui.GenericDialog;

import org.gmmseg.core.select.SelectionOptions;

/**
 * The dialog of "GMM Segmentation": the fields of {@link SegmentParameters} with one-line
 * explanations, and only those that apply to the image: Stacks for more than one plane, ROI for
 * an image with an area selection; Criterion is enabled only while Components holds several
 * numbers. A Help button shows docs/fiji.md ({@link FijiHelp}). Fields not shown keep the
 * defaults' values. Not thread-safe (one dialog, on one thread).
 */
final class SegmentDialog {
    static final String COVARIANCE_HELP = "full: any ellipse per class | diag: axis-aligned | tied: one shape for all"
            + " | spherical: round";
    static final String LABELS_HELP = "Labels 1..K run from dark to bright (by the first feature); 0 = left out.";
    static final String CHANNELS_HELP = "Channels: keep only these features, e.g. 2 3 (a*, b* of lab) or 1 3; empty = all";
    static final String SAMPLES_HELP = "Max samples: 0 = every pixel; else a random sample per plane (faster).";

    private SegmentDialog() {
    }

    /**
     * Shows the dialog filled with {@code defaults} (not in headless mode).
     *
     * @param planes the image's number of planes (Stacks is shown for more than one)
     * @param hasRoi whether the image has an area selection (ROI is shown then)
     * @return the settings chosen, or null when cancelled
     */
    static SegmentParameters show(String title, SegmentParameters defaults, int planes, boolean hasRoi) {
        SegmentParameters d = defaults;
        GenericDialog gd = new GenericDialog(title);
        addFitFields(gd, d, d.maxSamples(), "pixels");
        d.outputs().addTo(gd);
        gd.addMessage(LABELS_HELP);
        if (planes > 1) {
            gd.addChoice(SegmentParameters.STACKS, SegmentParameters.STACK_CHOICES.toArray(String[]::new), d.stacks());
        }
        if (hasRoi) {
            gd.addChoice(SegmentParameters.ROI, SegmentParameters.ROI_CHOICES.toArray(String[]::new), d.roi());
        }
        gd.addFileField(SegmentParameters.SAVE_MODEL, d.saveModel());
        gd.addStringField(SegmentParameters.MRF, d.mrf(), 6);
        gd.addHelp(FijiHelp.html());
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        FitFields fit = readFitFields(gd);
        Outputs out = Outputs.fromDialog(gd);
        String stacks = planes > 1 ? gd.getNextChoice() : d.stacks();
        String roi = hasRoi ? gd.getNextChoice() : d.roi();
        String save = gd.getNextString();
        String mrf = gd.getNextString();
        return fit.toParameters(fit.maxSamples(), out, stacks, roi, save, mrf);
    }

    /**
     * The fields of the fit settings, Components to Max samples, with their explanations; Criterion
     * is enabled only while Components holds several numbers.
     */
    static void addFitFields(GenericDialog gd, SegmentParameters d, long maxSamples, String samplesUnit) {
        gd.addStringField(SegmentParameters.COMPONENTS, d.components(), 6);
        TextField components = lastTextField(gd);
        gd.addMessage("K, or several to choose from: 2..8, 2,4,8, auto");
        gd.addChoice(SegmentParameters.CRITERION, SegmentParameters.CRITERION_CHOICES.toArray(String[]::new),
                d.criterion());
        Choice criterion = lastChoice(gd);
        gd.addChoice(SegmentParameters.COVARIANCE, SegmentParameters.COVARIANCE_CHOICES.toArray(String[]::new),
                d.covariance());
        gd.addMessage(COVARIANCE_HELP);
        gd.addChoice(SegmentParameters.FEATURES, SegmentParameters.FEATURE_CHOICES.toArray(String[]::new), d.features());
        gd.addStringField(SegmentParameters.CHANNELS, d.channels(), 6);
        gd.addMessage(CHANNELS_HELP);
        gd.addCheckbox(SegmentParameters.XY, d.xy());
        gd.addNumericField(SegmentParameters.SMOOTHING, d.smoothing(), 2, 6, "sigma, in the image's unit");
        gd.addNumericField(SegmentParameters.SEED, d.seed(), 0);
        gd.addNumericField(SegmentParameters.MAX_ITERATIONS, d.maxIterations(), 0);
        gd.addNumericField(SegmentParameters.MAX_SAMPLES, maxSamples, 0, 9, samplesUnit);
        gd.addMessage(SAMPLES_HELP);
        if (components != null && criterion != null) {
            criterion.setEnabled(severalComponents(components.getText()));
            gd.addDialogListener((dialog, event) -> {
                criterion.setEnabled(severalComponents(components.getText()));
                return true;
            });
        }
    }

    /** What {@link #addFitFields} asked, read back in order. */
    record FitFields(String components, String criterion, String covariance, String features, String channels,
            boolean xy, double smoothing, long seed, int maxIterations, long maxSamples) {
        SegmentParameters toParameters(long samples, Outputs outputs, String stacks, String roi, String saveModel,
                String mrf) {
            return new SegmentParameters(components, criterion, covariance, features, channels, xy, smoothing, seed,
                    maxIterations, samples, outputs, stacks, roi, saveModel, mrf);
        }
    }

    /** @throws IllegalArgumentException when a number field does not hold a number */
    static FitFields readFitFields(GenericDialog gd) {
        FitFields f = new FitFields(gd.getNextString(), gd.getNextChoice(), gd.getNextChoice(), gd.getNextChoice(),
                gd.getNextString(), gd.getNextBoolean(), gd.getNextNumber(), (long) gd.getNextNumber(), (int) gd.getNextNumber(),
                (long) gd.getNextNumber());
        if (gd.invalidNumber()) {
            throw new IllegalArgumentException("smoothing, seed, max iterations and max samples must be numbers");
        }
        return f;
    }

    /** Whether a Components text names several numbers (then the criterion chooses among them). */
    static boolean severalComponents(String text) {
        String t = text == null ? "" : text.replaceAll("\\s+", "");
        if (t.equalsIgnoreCase(SegmentParameters.AUTO)) {
            return true;
        }
        try {
            return SelectionOptions.parseComponents(t).size() > 1;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static TextField lastTextField(GenericDialog gd) {
        Vector<?> fields = gd.getStringFields();
        return fields == null || fields.isEmpty() ? null : (TextField) fields.get(fields.size() - 1);
    }

    private static Choice lastChoice(GenericDialog gd) {
        Vector<?> choices = gd.getChoices();
        return choices == null || choices.isEmpty() ? null : (Choice) choices.get(choices.size() - 1);
    }
}
