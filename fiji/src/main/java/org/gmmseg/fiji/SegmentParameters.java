package org.gmmseg.fiji;

import java.util.Arrays;
import java.util.List;

import ij.Macro;
import ij.gui.GenericDialog;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.select.Criterion;
import org.gmmseg.core.select.SelectionOptions;
import org.gmmseg.segmentation.Mrf;
import org.gmmseg.segmentation.SegmentationOptions;
import org.gmmseg.segmentation.features.ColorSpace;

/**
 * The settings of the "GMM Segmentation" command, as the dialog shows them and a macro records
 * them. Macro keys (lower case, in dialog order): {@code components}, {@code criterion},
 * {@code covariance}, {@code features}, {@code xy}, {@code seed}, {@code max_iterations},
 * {@code label_image}, {@code probability_stack}, {@code overlay}, {@code stacks}, {@code save_model},
 * {@code mrf}.
 *
 * @param components the number of components K ({@code "3"}), or the numbers to choose from: a
 *     range ({@code "2..8"}), a list ({@code "2,4,8"}) or {@code "auto"} ({@value #AUTO_RANGE})
 * @param criterion what chooses K when there are several: a {@link Criterion} id
 * @param covariance a {@link CovarianceType} id
 * @param features a {@link ColorSpace} id
 * @param xy whether the pixel coordinates are features too
 * @param seed seed of the fit
 * @param maxIterations maximum EM iterations
 * @param outputs the images to make
 * @param perSlice true for one model per slice, false for one model fitted on all slices
 * @param saveModel path of the model file to write, or empty
 * @param mrf the Potts prior's strength BETA ({@code "0"}: none, the plain GMM) or {@code "auto"}, as
 *     {@code gmmseg segment --mrf} takes it
 */
public record SegmentParameters(String components, String criterion, String covariance, String features, boolean xy,
        long seed, int maxIterations, Outputs outputs, boolean perSlice, String saveModel, String mrf) {

    static final String COMPONENTS = "Components";
    static final String CRITERION = "Criterion";
    static final String COVARIANCE = "Covariance";
    static final String FEATURES = "Features";
    static final String XY = "XY coordinates";
    static final String SEED = "Seed";
    static final String MAX_ITERATIONS = "Max_iterations";
    static final String STACKS = "Stacks";
    static final String SAVE_MODEL = "Save_model";
    /** Its macro key is {@code mrf}. */
    static final String MRF = "MRF (BETA or auto)";
    /** Dialog labels in order; each one's macro key is {@code Macro.trimKey(label)}. */
    static final List<String> LABELS = List.of(COMPONENTS, CRITERION, COVARIANCE, FEATURES, XY, SEED, MAX_ITERATIONS,
            Outputs.LABEL_IMAGE, Outputs.PROBABILITY_STACK, Outputs.OVERLAY, STACKS, SAVE_MODEL, MRF);
    static final List<String> KEYS = LABELS.stream().map(Macro::trimKey).toList();

    static final String SHARED_MODEL = "shared model";
    static final String PER_SLICE = "per slice";
    static final List<String> STACK_CHOICES = List.of(SHARED_MODEL, PER_SLICE);
    static final List<String> COVARIANCE_CHOICES = Arrays.stream(CovarianceType.values()).map(CovarianceType::id).toList();
    static final List<String> CRITERION_CHOICES = Arrays.stream(Criterion.values()).map(Criterion::id).toList();
    /** The components value that chooses K among {@value #AUTO_RANGE}. */
    public static final String AUTO = "auto";
    /** The numbers of components {@code auto} stands for. */
    public static final String AUTO_RANGE = "2..8";
    static final List<String> FEATURE_CHOICES = Arrays.stream(ColorSpace.values()).map(ColorSpace::id).toList();

    public SegmentParameters {
        components = components == null ? "" : components.replaceAll("\\s+", "");
        if (components.equalsIgnoreCase(AUTO)) {
            components = AUTO;
        } else {
            try {
                SelectionOptions.parseComponents(components);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("components: " + e.getMessage()
                        + (e.getMessage().contains("not a number") ? "; or " + AUTO + " for " + AUTO_RANGE : ""), e);
            }
        }
        criterion = Criterion.parse(criterion == null ? Criterion.BIC.id() : criterion).id();
        if (maxIterations < 1) {
            throw new IllegalArgumentException("max iterations must be at least 1, got " + maxIterations);
        }
        covariance = CovarianceType.parse(covariance).id();
        features = ColorSpace.parse(features).id();
        if (outputs == null) {
            throw new IllegalArgumentException("outputs must be given");
        }
        saveModel = saveModel == null ? "" : saveModel.trim();
        mrf = mrf == null || mrf.isBlank() ? "0" : mrf.trim();
        try {
            Mrf.parse(mrf);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mrf: " + e.getMessage().replace("--mrf", "the MRF"), e);
        }
    }

    /**
     * The defaults for an image with this many channels: 3 components, full covariances, seed 0,
     * 100 iterations, a label image, a shared model; features {@code rgb}, or {@code channels} for
     * an image whose channel count is neither 1 nor 3.
     */
    public static SegmentParameters defaults(int channels) {
        return new SegmentParameters("3", Criterion.BIC.id(), CovarianceType.FULL.id(),
                channels == 1 || channels == 3 ? ColorSpace.RGB.id() : ColorSpace.CHANNELS.id(), false, 0,
                FitOptions.DEFAULT_MAX_ITER, Outputs.LABELS_ONLY, false, "", "0");
    }

    /**
     * Reads a macro option string; absent keys keep the defaults' values, except the check boxes,
     * which are off unless present (as in a GenericDialog run by a macro), with one addition: when
     * none of the output keys is present, the label image is made (see {@link Outputs}).
     *
     * @throws IllegalArgumentException naming an unknown key or a bad value
     */
    public static SegmentParameters fromMacroOptions(String options, SegmentParameters defaults) {
        MacroOptions o = MacroOptions.parse(options, KEYS);
        return new SegmentParameters(
                o.string(key(COMPONENTS), defaults.components),
                o.choice(key(CRITERION), CRITERION_CHOICES, defaults.criterion),
                o.choice(key(COVARIANCE), COVARIANCE_CHOICES, defaults.covariance),
                o.choice(key(FEATURES), FEATURE_CHOICES, defaults.features),
                o.flag(key(XY)),
                o.integer(key(SEED), defaults.seed),
                (int) Math.min(Integer.MAX_VALUE, o.integer(key(MAX_ITERATIONS), defaults.maxIterations)),
                Outputs.fromMacroOptions(o),
                o.choice(key(STACKS), STACK_CHOICES, defaults.perSlice ? PER_SLICE : SHARED_MODEL).equals(PER_SLICE),
                o.string(key(SAVE_MODEL), defaults.saveModel),
                o.string(key(MRF), defaults.mrf));
    }

    /** The option string a macro recorder writes for these settings (all keys, in dialog order; mrf when not 0). */
    public String toMacroOptions() {
        StringBuilder b = new StringBuilder();
        MacroOptions.append(b, key(COMPONENTS), components);
        MacroOptions.append(b, key(CRITERION), criterion);
        MacroOptions.append(b, key(COVARIANCE), covariance);
        MacroOptions.append(b, key(FEATURES), features);
        MacroOptions.appendFlag(b, key(XY), xy);
        MacroOptions.append(b, key(SEED), seed);
        MacroOptions.append(b, key(MAX_ITERATIONS), maxIterations);
        outputs.appendTo(b);
        MacroOptions.append(b, key(STACKS), perSlice ? PER_SLICE : SHARED_MODEL);
        if (!saveModel.isEmpty()) {
            MacroOptions.append(b, key(SAVE_MODEL), saveModel);
        }
        if (!mrf.equals("0")) {
            MacroOptions.append(b, key(MRF), mrf);
        }
        return b.toString();
    }

    /** The numbers of components to fit: one, or several to choose from. */
    public List<Integer> componentCandidates() {
        return SelectionOptions.parseComponents(components.equals(AUTO) ? AUTO_RANGE : components);
    }

    /** True when K is chosen among several numbers of components. */
    public boolean selecting() {
        return componentCandidates().size() > 1;
    }

    /** The fit options these settings stand for (all processors). */
    public SegmentationOptions toOptions() {
        List<Integer> ks = componentCandidates();
        return SegmentationOptions.of(ks.get(0))
                .withComponents(ks)
                .withCriterion(criterion)
                .withCovariance(covariance)
                .withFeatures(features + (xy ? "+xy" : ""))
                .withSeed(seed)
                .withMaxIter(maxIterations)
                .withMrf(mrf);
    }

    /**
     * Shows the dialog filled with these settings (not in headless mode).
     *
     * @return the settings the user chose, or null when cancelled
     */
    public SegmentParameters showDialog(String title) {
        GenericDialog gd = new GenericDialog(title);
        gd.addStringField(COMPONENTS, components, 6);
        gd.addChoice(CRITERION, CRITERION_CHOICES.toArray(String[]::new), criterion);
        gd.addChoice(COVARIANCE, COVARIANCE_CHOICES.toArray(String[]::new), covariance);
        gd.addChoice(FEATURES, FEATURE_CHOICES.toArray(String[]::new), features);
        gd.addCheckbox(XY, xy);
        gd.addNumericField(SEED, seed, 0);
        gd.addNumericField(MAX_ITERATIONS, maxIterations, 0);
        outputs.addTo(gd);
        gd.addChoice(STACKS, STACK_CHOICES.toArray(String[]::new), perSlice ? PER_SLICE : SHARED_MODEL);
        gd.addFileField(SAVE_MODEL, saveModel);
        gd.addStringField(MRF, mrf, 6);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        String k = gd.getNextString();
        String crit = gd.getNextChoice();
        String cov = gd.getNextChoice();
        String feat = gd.getNextChoice();
        boolean withXy = gd.getNextBoolean();
        double s = gd.getNextNumber();
        int iter = (int) gd.getNextNumber();
        Outputs out = Outputs.fromDialog(gd);
        boolean slices = gd.getNextChoice().equals(PER_SLICE);
        String save = gd.getNextString();
        String prior = gd.getNextString();
        if (gd.invalidNumber()) {
            throw new IllegalArgumentException("seed and max iterations must be numbers");
        }
        return new SegmentParameters(k, crit, cov, feat, withXy, (long) s, iter, out, slices, save, prior);
    }

    static String key(String label) {
        return Macro.trimKey(label);
    }
}
