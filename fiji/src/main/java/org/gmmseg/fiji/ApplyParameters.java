package org.gmmseg.fiji;

import java.util.List;

import ij.gui.GenericDialog;

/**
 * The settings of the "GMM Segmentation (apply model)" command. Macro keys: {@code model} (path of
 * a model file), {@code label_image}, {@code probability_stack}, {@code overlay}.
 *
 * @param model path of the model file
 * @param outputs the images to make
 */
public record ApplyParameters(String model, Outputs outputs) {
    static final String MODEL = "Model";
    static final List<String> KEYS = List.of(SegmentParameters.key(MODEL), SegmentParameters.key(Outputs.LABEL_IMAGE),
            SegmentParameters.key(Outputs.PROBABILITY_STACK), SegmentParameters.key(Outputs.OVERLAY));

    public ApplyParameters {
        model = model == null ? "" : model.trim();
        if (outputs == null) {
            throw new IllegalArgumentException("outputs must be given");
        }
    }

    /** @throws IllegalArgumentException naming an unknown key, or when no model is given */
    public static ApplyParameters fromMacroOptions(String options) {
        MacroOptions o = MacroOptions.parse(options, KEYS);
        String model = o.string(SegmentParameters.key(MODEL), "");
        if (model.isBlank()) {
            throw new IllegalArgumentException("no model file given (option model=/path/to/model.json)");
        }
        return new ApplyParameters(model, Outputs.fromMacroOptions(o));
    }

    public String toMacroOptions() {
        StringBuilder b = new StringBuilder();
        MacroOptions.append(b, SegmentParameters.key(MODEL), model);
        outputs.appendTo(b);
        return b.toString();
    }

    /** Shows the dialog; null when cancelled. */
    public ApplyParameters showDialog(String title) {
        GenericDialog gd = new GenericDialog(title);
        gd.addFileField(MODEL, model);
        outputs.addTo(gd);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        return new ApplyParameters(gd.getNextString(), Outputs.fromDialog(gd));
    }
}
