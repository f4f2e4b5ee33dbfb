package org.gmmseg.fiji;

import java.util.Arrays;
import java.util.List;

import ij.Macro;
import ij.Prefs;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.select.Criterion;
import org.gmmseg.core.select.SelectionOptions;
import org.gmmseg.segmentation.Mrf;
import org.gmmseg.segmentation.SegmentationOptions;
import org.gmmseg.segmentation.features.ColorSpace;
import org.gmmseg.segmentation.features.FeatureSpec;

/**
 * The settings of the "GMM Segmentation" command, as the dialog shows them and a macro records
 * them. Macro keys (lower case, in dialog order): {@code components}, {@code criterion},
 * {@code covariance}, {@code features}, {@code channels} (only when set), {@code xy}, {@code smoothing}, {@code seed}, {@code max_iterations},
 * {@code max_samples}, {@code label_image}, {@code probability_stack}, {@code overlay}, {@code stacks},
 * {@code roi}, {@code save_model}, {@code mrf}. The dialog itself is {@link SegmentDialog}.
 *
 * @param components the number of components K ({@code "3"}), or the numbers to choose from: a
 *     range ({@code "2..8"}), a list ({@code "2,4,8"}) or {@code "auto"} ({@value #AUTO_RANGE})
 * @param criterion what chooses K when there are several: a {@link Criterion} id
 * @param covariance a {@link CovarianceType} id
 * @param features a {@link ColorSpace} id
 * @param channels the colour features to keep, numbered from 1 after the conversion (e.g. {@code "2,3"} for a*
 *     and b* of lab, or {@code "1 3"}), commas or spaces; empty for all
 * @param xy whether the pixel coordinates are features too (x, y and z for a volume)
 * @param smoothing sigma of the Gaussian smoothing of every channel before the features, in the
 *     image's unit (pixels when it is not calibrated), in 3-D for a volume; 0 for none
 * @param seed seed of the fit
 * @param maxIterations maximum EM iterations
 * @param maxSamples 0 to fit on every pixel; else a seeded random sample of about this many pixels per plane
 * @param outputs the images to make
 * @param stacks how a stack is segmented: {@value #SHARED_MODEL} (one model fitted on all planes, each
 *     plane labelled in 2-D), {@value #PER_SLICE} (one model per plane) or {@value #VOLUME} (the whole
 *     stack as one volume: 3-D features and smoothing, one model, frames shared)
 * @param roi what an area selection does: {@value #ROI_FIT_INSIDE}, {@value #ROI_INSIDE_ONLY} or
 *     {@value #ROI_IGNORE} (see {@link RoiMasks})
 * @param saveModel path of the model file to write, or empty
 * @param mrf the Potts prior's strength BETA ({@code "0"}: none, the plain GMM) or {@code "auto"}, as
 *     {@code gmmseg segment --mrf} takes it
 */
public record SegmentParameters(String components, String criterion, String covariance, String features,
        String channels, boolean xy, double smoothing, long seed, int maxIterations, long maxSamples, Outputs outputs,
        String stacks, String roi, String saveModel, String mrf) {

    /** Settings keeping every colour feature (no channel subset). */
    public SegmentParameters(String components, String criterion, String covariance, String features, boolean xy,
            double smoothing, long seed, int maxIterations, long maxSamples, Outputs outputs, String stacks, String roi,
            String saveModel, String mrf) {
        this(components, criterion, covariance, features, "", xy, smoothing, seed, maxIterations, maxSamples, outputs,
                stacks, roi, saveModel, mrf);
    }

    static final String COMPONENTS = "Components";
    static final String CRITERION = "Criterion";
    static final String COVARIANCE = "Covariance";
    static final String FEATURES = "Features";
    static final String CHANNELS = "Channels";
    static final String XY = "XY coordinates";
    static final String SMOOTHING = "Smoothing";
    static final String SEED = "Seed";
    static final String MAX_ITERATIONS = "Max_iterations";
    static final String MAX_SAMPLES = "Max_samples";
    static final String STACKS = "Stacks";
    static final String ROI = "ROI";
    static final String SAVE_MODEL = "Save_model";
    /** Its macro key is {@code mrf}. */
    static final String MRF = "MRF (BETA or auto)";
    /** Dialog labels in order; each one's macro key is {@code Macro.trimKey(label)}. */
    static final List<String> LABELS = List.of(COMPONENTS, CRITERION, COVARIANCE, FEATURES, CHANNELS, XY, SMOOTHING, SEED,
            MAX_ITERATIONS, MAX_SAMPLES, Outputs.LABEL_IMAGE, Outputs.PROBABILITY_STACK, Outputs.OVERLAY, STACKS, ROI,
            SAVE_MODEL, MRF);
    static final List<String> KEYS = LABELS.stream().map(Macro::trimKey).toList();

    static final String SHARED_MODEL = "shared model";
    static final String PER_SLICE = "per slice";
    static final String VOLUME = "volume";
    static final List<String> STACK_CHOICES = List.of(SHARED_MODEL, PER_SLICE, VOLUME);
    /** With an area selection: fit on the pixels inside it, label the whole image (the default). */
    public static final String ROI_FIT_INSIDE = "fit inside";
    /** With an area selection: fit on the pixels inside it and label only them (label 0 outside). */
    public static final String ROI_INSIDE_ONLY = "inside only";
    /** The selection is ignored: fit on and label the whole image. */
    public static final String ROI_IGNORE = "ignore";
    static final List<String> ROI_CHOICES = List.of(ROI_FIT_INSIDE, ROI_INSIDE_ONLY, ROI_IGNORE);
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
        try {
            channels = new FeatureSpec(ColorSpace.parse(features), 0, 0, false, FeatureSpec.parseChannels(channels))
                    .channelList();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("channels: " + e.getMessage(), e);
        }
        if (outputs == null) {
            throw new IllegalArgumentException("outputs must be given");
        }
        if (maxSamples < 0) {
            throw new IllegalArgumentException("max samples must be 0 (every pixel) or more, got " + maxSamples);
        }
        roi = roi == null ? ROI_FIT_INSIDE : roi;
        if (!ROI_CHOICES.contains(roi)) {
            throw new IllegalArgumentException("roi must be one of " + String.join(", ", ROI_CHOICES) + ", got " + roi);
        }
        saveModel = saveModel == null ? "" : saveModel.trim();
        mrf = mrf == null || mrf.isBlank() ? "0" : mrf.trim();
        try {
            Mrf.parse(mrf);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mrf: " + e.getMessage().replace("--mrf", "the MRF"), e);
        }
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
     * The defaults for an image with this many channels: 3 components, full covariances, no
     * smoothing, seed 0, 100 iterations, every pixel, a label image, a shared model, a selection
     * fitted inside; features {@code rgb} for an RGB image, {@code gray} for one channel and
     * {@code channels} for a composite of several.
     */
    public static SegmentParameters defaults(int channels, boolean rgb) {
        String features = rgb ? ColorSpace.RGB.id() : channels == 1 ? ColorSpace.GRAY.id() : ColorSpace.CHANNELS.id();
        return new SegmentParameters("3", Criterion.BIC.id(), CovarianceType.FULL.id(), features, false, 0, 0,
                FitOptions.DEFAULT_MAX_ITER, 0, Outputs.LABELS_ONLY, SHARED_MODEL, ROI_FIT_INSIDE, "", "0");
    }

    /** {@link #defaults(int, boolean)} for this image. */
    public static SegmentParameters defaults(ij.ImagePlus imp) {
        boolean rgb = imp.getType() == ij.ImagePlus.COLOR_RGB;
        return defaults(rgb ? 3 : imp.getNChannels(), rgb);
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
                o.string(key(CHANNELS), defaults.channels),
                o.flag(key(XY)),
                o.number(key(SMOOTHING), defaults.smoothing),
                o.integer(key(SEED), defaults.seed),
                (int) Math.min(Integer.MAX_VALUE, o.integer(key(MAX_ITERATIONS), defaults.maxIterations)),
                o.integer(key(MAX_SAMPLES), defaults.maxSamples),
                Outputs.fromMacroOptions(o),
                o.choice(key(STACKS), STACK_CHOICES, defaults.stacks),
                o.choice(key(ROI), ROI_CHOICES, defaults.roi),
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
        if (!channels.isEmpty()) {
            MacroOptions.append(b, key(CHANNELS), channels);
        }
        MacroOptions.appendFlag(b, key(XY), xy);
        MacroOptions.append(b, key(SMOOTHING), MacroOptions.format(smoothing));
        MacroOptions.append(b, key(SEED), seed);
        MacroOptions.append(b, key(MAX_ITERATIONS), maxIterations);
        MacroOptions.append(b, key(MAX_SAMPLES), maxSamples);
        outputs.appendTo(b);
        MacroOptions.append(b, key(STACKS), stacks);
        MacroOptions.append(b, key(ROI), roi);
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

    /** The fit options these settings stand for, for planes, on the threads of ImageJ's Edit &gt; Options &gt; Memory &amp; Threads. */
    public SegmentationOptions toOptions() {
        return toOptions(false);
    }

    /**
     * The fit options these settings stand for, on the threads of ImageJ's Edit &gt; Options &gt;
     * Memory &amp; Threads.
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
                .withChannels(FeatureSpec.parseChannels(channels).stream().mapToInt(Integer::intValue).toArray())
                .withSeed(seed)
                .withMaxIter(maxIterations)
                .withMaxSamples(maxSamples)
                .withMrf(mrf)
                .withThreads(Math.max(1, Prefs.getThreads()));
    }

    /** The same settings with another ROI handling (e.g. {@value #ROI_IGNORE} for an image without a selection). */
    public SegmentParameters withRoi(String handling) {
        return new SegmentParameters(components, criterion, covariance, features, channels, xy, smoothing, seed,
                maxIterations, maxSamples, outputs, stacks, handling, saveModel, mrf);
    }

    static String key(String label) {
        return Macro.trimKey(label);
    }
}
