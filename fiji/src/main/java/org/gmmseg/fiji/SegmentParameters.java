package org.gmmseg.fiji;

import java.util.Arrays;
import java.util.List;

import ij.Macro;
import ij.gui.GenericDialog;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.select.Criterion;
import org.gmmseg.core.select.SelectionOptions;
import org.gmmseg.segmentation.SegmentationOptions;
import org.gmmseg.segmentation.features.ColorSpace;

/**
 * The settings of the "GMM Segmentation" command, as the dialog shows them and a macro records
 * them. Macro keys (lower case, in dialog order): {@code components}, {@code criterion},
 * {@code covariance}, {@code features}, {@code xy}, {@code smoothing}, {@code seed},
 * {@code max_iterations}, {@code label_image}, {@code probability_stack}, {@code overlay},
 * {@code stacks}, {@code save_model}.
 *
 * @param components the number of components K ({@code "3"}), or the numbers to choose from: a
 *     range ({@code "2..8"}), a list ({@code "2,4,8"}) or {@code "auto"} ({@value #AUTO_RANGE})
 * @param criterion what chooses K when there are several: a {@link Criterion} id
 * @param covariance a {@link CovarianceType} id
 * @param features a {@link ColorSpace} id
 * @param xy whether the pixel coordinates are features too (x, y and z for a volume)
 * @param smoothing sigma of the Gaussian smoothing of every channel before the features, in the
 *     image's unit (pixels when it is not calibrated), in 3-D for a volume; 0 for none
 * @param seed seed of the fit
 * @param maxIterations maximum EM iterations
 * @param outputs the images to make
 * @param stacks how a stack is segmented: {@value #SHARED_MODEL} (one model fitted on all planes, each
 *     plane labelled in 2-D), {@value #PER_SLICE} (one model per plane) or {@value #VOLUME} (the whole
 *     stack as one volume: 3-D features and smoothing, one model, frames shared)
 * @param saveModel path of the model file to write, or empty
 */
public record SegmentParameters(String components, String criterion, String covariance, String features, boolean xy,
        double smoothing, long seed, int maxIterations, Outputs outputs, String stacks, String saveModel) {

    static final String COMPONENTS = "Components";
    static final String CRITERION = "Criterion";
    static final String COVARIANCE = "Covariance";
    static final String FEATURES = "Features";
    static final String XY = "XY coordinates";
    static final String SMOOTHING = "Smoothing";
    static final String SEED = "Seed";
    static final String MAX_ITERATIONS = "Max_iterations";
    static final String STACKS = "Stacks";
    static final String SAVE_MODEL = "Save_model";
    /** Dialog labels in order; each one's macro key is {@code Macro.trimKey(label)}. */
    static final List<String> LABELS = List.of(COMPONENTS, CRITERION, COVARIANCE, FEATURES, XY, SMOOTHING, SEED,
            MAX_ITERATIONS, Outputs.LABEL_IMAGE, Outputs.PROBABILITY_STACK, Outputs.OVERLAY, STACKS, SAVE_MODEL);
    static final List<String> KEYS = LABELS.stream().map(Macro::trimKey).toList();

    static final String SHARED_MODEL = "shared model";
    static final String PER_SLICE = "per slice";
    static final String VOLUME = "volume";
    static final List<String> STACK_CHOICES = List.of(SHARED_MODEL, PER_SLICE, VOLUME);
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
        if (!(smoothing >= 0) || Double.isInfinite(smoothing)) {
            throw new IllegalArgumentException("smoothing must be a finite number >= 0, got " + smoothing);
        }
        stacks = stacks == null ? SHARED_MODEL : stacks;
        if (!STACK_CHOICES.contains(stacks)) {
            throw new IllegalArgumentException("stacks must be one of " + String.join(", ", STACK_CHOICES) + ", got "
                    + stacks);
        }
    }

    /** One model per plane. */
    public boolean perSlice() {
        return stacks.equals(PER_SLICE);
    }

    /** The whole stack as one volume. */
    public boolean volume() {
        return stacks.equals(VOLUME);
    }

    /**
     * The defaults for an image with this many channels: 3 components, full covariances, seed 0,
     * 100 iterations, a label image, a shared model; features {@code rgb}, or {@code channels} for
     * an image whose channel count is neither 1 nor 3.
     */
    public static SegmentParameters defaults(int channels) {
        return new SegmentParameters("3", Criterion.BIC.id(), CovarianceType.FULL.id(),
                channels == 1 || channels == 3 ? ColorSpace.RGB.id() : ColorSpace.CHANNELS.id(), false, 0, 0,
                FitOptions.DEFAULT_MAX_ITER, Outputs.LABELS_ONLY, SHARED_MODEL, "");
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
                o.number(key(SMOOTHING), defaults.smoothing),
                o.integer(key(SEED), defaults.seed),
                (int) Math.min(Integer.MAX_VALUE, o.integer(key(MAX_ITERATIONS), defaults.maxIterations)),
                Outputs.fromMacroOptions(o),
                o.choice(key(STACKS), STACK_CHOICES, defaults.stacks),
                o.string(key(SAVE_MODEL), defaults.saveModel));
    }

    /** The option string a macro recorder writes for these settings (all keys, in dialog order). */
    public String toMacroOptions() {
        StringBuilder b = new StringBuilder();
        MacroOptions.append(b, key(COMPONENTS), components);
        MacroOptions.append(b, key(CRITERION), criterion);
        MacroOptions.append(b, key(COVARIANCE), covariance);
        MacroOptions.append(b, key(FEATURES), features);
        MacroOptions.appendFlag(b, key(XY), xy);
        MacroOptions.append(b, key(SMOOTHING), smoothing == Math.rint(smoothing) && Math.abs(smoothing) < 1e15
                ? Long.toString((long) smoothing) : Double.toString(smoothing));
        MacroOptions.append(b, key(SEED), seed);
        MacroOptions.append(b, key(MAX_ITERATIONS), maxIterations);
        outputs.appendTo(b);
        MacroOptions.append(b, key(STACKS), stacks);
        if (!saveModel.isEmpty()) {
            MacroOptions.append(b, key(SAVE_MODEL), saveModel);
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

    /** The fit options these settings stand for (all processors), for planes. */
    public SegmentationOptions toOptions() {
        return toOptions(false);
    }

    /**
     * The fit options these settings stand for (all processors).
     *
     * @param zCoordinate whether the coordinates include z (a volume with several slices)
     */
    public SegmentationOptions toOptions(boolean zCoordinate) {
        List<Integer> ks = componentCandidates();
        return SegmentationOptions.of(ks.get(0))
                .withComponents(ks)
                .withCriterion(criterion)
                .withCovariance(covariance)
                .withFeatures(features + (xy ? zCoordinate ? "+xyz" : "+xy" : ""))
                .withSmoothing(smoothing)
                .withSeed(seed)
                .withMaxIter(maxIterations);
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
        gd.addNumericField(SMOOTHING, smoothing, 2, 6, "sigma, in the image's unit");
        gd.addNumericField(SEED, seed, 0);
        gd.addNumericField(MAX_ITERATIONS, maxIterations, 0);
        outputs.addTo(gd);
        gd.addChoice(STACKS, STACK_CHOICES.toArray(String[]::new), stacks);
        gd.addFileField(SAVE_MODEL, saveModel);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        String k = gd.getNextString();
        String crit = gd.getNextChoice();
        String cov = gd.getNextChoice();
        String feat = gd.getNextChoice();
        boolean withXy = gd.getNextBoolean();
        double sigma = gd.getNextNumber();
        double s = gd.getNextNumber();
        int iter = (int) gd.getNextNumber();
        Outputs out = Outputs.fromDialog(gd);
        String mode = gd.getNextChoice();
        String save = gd.getNextString();
        if (gd.invalidNumber()) {
            throw new IllegalArgumentException("smoothing, seed and max iterations must be numbers");
        }
        return new SegmentParameters(k, crit, cov, feat, withXy, sigma, (long) s, iter, out, mode, save);
    }

    static String key(String label) {
        return Macro.trimKey(label);
    }
}
