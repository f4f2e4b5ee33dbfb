package org.gmmseg.fiji;

import ij.gui.GenericDialog;

/**
 * Which images a command makes. Macro keys (check boxes): {@code label_image},
 * {@code probability_stack}, {@code overlay}. A macro that names none of them gets the label
 * image, so that {@code run("GMM Segmentation", "components=3")} makes one.
 *
 * @param labels the label image, {@code <title>-labels}
 * @param probabilities the 32-bit responsibilities, {@code <title>-probabilities}, one slice per component
 * @param overlay an RGB image of the label colours blended over the image, {@code <title>-overlay}
 */
public record Outputs(boolean labels, boolean probabilities, boolean overlay) {
    static final String LABEL_IMAGE = "Label_image";
    static final String PROBABILITY_STACK = "Probability_stack";
    static final String OVERLAY = "Overlay";

    /** Only the label image: the dialog's default. */
    public static final Outputs LABELS_ONLY = new Outputs(true, false, false);

    public boolean any() {
        return labels || probabilities || overlay;
    }

    static Outputs fromMacroOptions(MacroOptions o) {
        if (!o.has(SegmentParameters.key(LABEL_IMAGE)) && !o.has(SegmentParameters.key(PROBABILITY_STACK))
                && !o.has(SegmentParameters.key(OVERLAY))) {
            return LABELS_ONLY;
        }
        return new Outputs(o.flag(SegmentParameters.key(LABEL_IMAGE)), o.flag(SegmentParameters.key(PROBABILITY_STACK)),
                o.flag(SegmentParameters.key(OVERLAY)));
    }

    void appendTo(StringBuilder b) {
        MacroOptions.appendFlag(b, SegmentParameters.key(LABEL_IMAGE), labels);
        MacroOptions.appendFlag(b, SegmentParameters.key(PROBABILITY_STACK), probabilities);
        MacroOptions.appendFlag(b, SegmentParameters.key(OVERLAY), overlay);
    }

    void addTo(GenericDialog gd) {
        gd.addMessage("Outputs:");
        gd.addCheckbox(LABEL_IMAGE, labels);
        gd.addCheckbox(PROBABILITY_STACK, probabilities);
        gd.addCheckbox(OVERLAY, overlay);
    }

    static Outputs fromDialog(GenericDialog gd) {
        return new Outputs(gd.getNextBoolean(), gd.getNextBoolean(), gd.getNextBoolean());
    }
}
