package org.gmmseg.fiji;

import java.util.List;

import ij.Macro;
import ij.gui.GenericDialog;

import org.gmmseg.segmentation.SegmentationOptions;

/**
 * The settings of "GMM Segmentation (folder)", as its dialog shows them and a macro records them.
 * Macro keys (lower case, in dialog order): {@code input}, {@code output}, {@code models},
 * {@code components}, {@code criterion}, {@code covariance}, {@code features}, {@code channels} (only when
 * set), {@code xy},
 * {@code smoothing}, {@code seed}, {@code max_iterations}, {@code max_samples},
 * {@code probabilities}, {@code overlay}, {@code overwrite}.
 *
 * @param input the folder of images
 * @param output the folder the command line's outputs go to ({@code NAME_labels.png},
 *     {@code NAME_model.json} or {@code model.json}, {@code report.csv})
 * @param shared one model fitted on pixels of every image, rather than one per image
 * @param fit the fit settings, as the single-image command has them (its outputs, stacks, ROI and
 *     model file are not used)
 * @param probabilities whether {@code NAME_probabilities.tif} is written
 * @param overlay whether {@code NAME_overlay.png} is written
 * @param overwrite whether images done by an earlier run are redone rather than skipped
 */
public record FolderParameters(String input, String output, boolean shared, SegmentParameters fit,
        boolean probabilities, boolean overlay, boolean overwrite) {

    static final String INPUT = "Input";
    static final String OUTPUT = "Output";
    static final String MODELS = "Models";
    static final String PROBABILITIES = "Probabilities";
    static final String OVERLAY = "Overlay";
    static final String OVERWRITE = "Overwrite";
    static final String ONE_PER_IMAGE = "one per image";
    static final String SHARED = "shared";
    static final List<String> MODEL_CHOICES = List.of(ONE_PER_IMAGE, SHARED);
    /** Pixels sampled per image for a shared model when max samples is not given, as the command line does. */
    static final long POOLED_MAX_SAMPLES = 200_000;
    static final List<String> LABELS = List.of(INPUT, OUTPUT, MODELS, SegmentParameters.COMPONENTS,
            SegmentParameters.CRITERION, SegmentParameters.COVARIANCE, SegmentParameters.FEATURES,
            SegmentParameters.CHANNELS, SegmentParameters.XY, SegmentParameters.SMOOTHING, SegmentParameters.SEED, SegmentParameters.MAX_ITERATIONS,
            SegmentParameters.MAX_SAMPLES, PROBABILITIES, OVERLAY, OVERWRITE);
    static final List<String> KEYS = LABELS.stream().map(Macro::trimKey).toList();

    public FolderParameters {
        input = input == null ? "" : input.trim();
        output = output == null ? "" : output.trim();
        if (input.isEmpty()) {
            throw new IllegalArgumentException("no input folder given (input=/path/to/images)");
        }
        if (output.isEmpty()) {
            throw new IllegalArgumentException("no output folder given (output=/path/to/results)");
        }
        if (fit == null) {
            throw new IllegalArgumentException("fit settings must be given");
        }
    }

    /** The fit settings of a folder: those of the single-image command for RGB images. */
    static SegmentParameters fitDefaults() {
        return SegmentParameters.defaults(3, true).withRoi(SegmentParameters.ROI_IGNORE);
    }

    /**
     * Reads a macro option string; absent keys take the defaults (one model per image, the fit
     * defaults, max samples 0 per image or {@value #POOLED_MAX_SAMPLES} for a shared model).
     *
     * @throws IllegalArgumentException naming an unknown key, a bad value or a missing folder
     */
    public static FolderParameters fromMacroOptions(String options) {
        MacroOptions o = MacroOptions.parse(options, KEYS);
        boolean shared = o.choice(key(MODELS), MODEL_CHOICES, ONE_PER_IMAGE).equals(SHARED);
        SegmentParameters d = fitDefaults();
        SegmentParameters fit = new SegmentParameters(
                o.string(key(SegmentParameters.COMPONENTS), d.components()),
                o.choice(key(SegmentParameters.CRITERION), SegmentParameters.CRITERION_CHOICES, d.criterion()),
                o.choice(key(SegmentParameters.COVARIANCE), SegmentParameters.COVARIANCE_CHOICES, d.covariance()),
                o.choice(key(SegmentParameters.FEATURES), SegmentParameters.FEATURE_CHOICES, d.features()),
                o.string(key(SegmentParameters.CHANNELS), d.channels()),
                o.flag(key(SegmentParameters.XY)),
                o.number(key(SegmentParameters.SMOOTHING), d.smoothing()),
                o.integer(key(SegmentParameters.SEED), d.seed()),
                (int) Math.min(Integer.MAX_VALUE, o.integer(key(SegmentParameters.MAX_ITERATIONS), d.maxIterations())),
                o.integer(key(SegmentParameters.MAX_SAMPLES), shared ? POOLED_MAX_SAMPLES : 0),
                Outputs.LABELS_ONLY, SegmentParameters.SHARED_MODEL, SegmentParameters.ROI_IGNORE, "", "0");
        return new FolderParameters(o.string(key(INPUT), ""), o.string(key(OUTPUT), ""), shared, fit,
                o.flag(key(PROBABILITIES)), o.flag(key(OVERLAY)), o.flag(key(OVERWRITE)));
    }

    /** The option string a macro recorder writes for these settings (all keys, in dialog order). */
    public String toMacroOptions() {
        StringBuilder b = new StringBuilder();
        MacroOptions.append(b, key(INPUT), input);
        MacroOptions.append(b, key(OUTPUT), output);
        MacroOptions.append(b, key(MODELS), shared ? SHARED : ONE_PER_IMAGE);
        MacroOptions.append(b, key(SegmentParameters.COMPONENTS), fit.components());
        MacroOptions.append(b, key(SegmentParameters.CRITERION), fit.criterion());
        MacroOptions.append(b, key(SegmentParameters.COVARIANCE), fit.covariance());
        MacroOptions.append(b, key(SegmentParameters.FEATURES), fit.features());
        if (!fit.channels().isEmpty()) {
            MacroOptions.append(b, key(SegmentParameters.CHANNELS), fit.channels());
        }
        MacroOptions.appendFlag(b, key(SegmentParameters.XY), fit.xy());
        MacroOptions.append(b, key(SegmentParameters.SMOOTHING), MacroOptions.format(fit.smoothing()));
        MacroOptions.append(b, key(SegmentParameters.SEED), fit.seed());
        MacroOptions.append(b, key(SegmentParameters.MAX_ITERATIONS), fit.maxIterations());
        MacroOptions.append(b, key(SegmentParameters.MAX_SAMPLES), fit.maxSamples());
        MacroOptions.appendFlag(b, key(PROBABILITIES), probabilities);
        MacroOptions.appendFlag(b, key(OVERLAY), overlay);
        MacroOptions.appendFlag(b, key(OVERWRITE), overwrite);
        return b.toString();
    }

    /** The fit options (threads from ImageJ's settings). */
    public SegmentationOptions toOptions() {
        return fit.toOptions();
    }

    /**
     * Shows the dialog (not in headless mode).
     *
     * @return the settings chosen, or null when cancelled
     */
    static FolderParameters showDialog(String title) {
        SegmentParameters d = fitDefaults();
        GenericDialog gd = new GenericDialog(title);
        gd.addDirectoryField(INPUT, "");
        gd.addDirectoryField(OUTPUT, "");
        gd.addChoice(MODELS, MODEL_CHOICES.toArray(String[]::new), ONE_PER_IMAGE);
        SegmentDialog.addFitFields(gd, d, -1, "per image (-1: 0, or " + POOLED_MAX_SAMPLES + " for a shared model)");
        gd.addCheckbox(PROBABILITIES, false);
        gd.addCheckbox(OVERLAY, false);
        gd.addCheckbox(OVERWRITE, false);
        gd.addMessage(SegmentDialog.LABELS_HELP);
        gd.addHelp(FijiHelp.html());
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        String in = gd.getNextString();
        String out = gd.getNextString();
        boolean shared = gd.getNextChoice().equals(SHARED);
        SegmentDialog.FitFields f = SegmentDialog.readFitFields(gd);
        SegmentParameters fit = f.toParameters(f.maxSamples() < 0 ? (shared ? POOLED_MAX_SAMPLES : 0) : f.maxSamples(),
                Outputs.LABELS_ONLY, SegmentParameters.SHARED_MODEL, SegmentParameters.ROI_IGNORE, "", "0");
        return new FolderParameters(in, out, shared, fit, gd.getNextBoolean(), gd.getNextBoolean(), gd.getNextBoolean());
    }

    static String key(String label) {
        return Macro.trimKey(label);
    }
}
