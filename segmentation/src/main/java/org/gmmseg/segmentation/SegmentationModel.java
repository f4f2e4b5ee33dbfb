package org.gmmseg.segmentation;

import java.io.Serializable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.io.FitSummary;
import org.gmmseg.core.io.ModelFile;
import org.gmmseg.core.io.ModelFormatException;
import org.gmmseg.core.select.SelectionTable;
import org.gmmseg.segmentation.axes.Calibration;
import org.gmmseg.segmentation.features.FeaturePipeline;
import org.gmmseg.segmentation.features.FeatureSpec;

/**
 * A mixture together with the feature pipeline it was fitted on: everything needed to label new
 * images the same way. Components are in label order: component k (zero-based) gets label k + 1,
 * sorted by ascending mean of the first feature, ties broken by the next feature, so that the
 * same scene gets the same label numbers across images and runs. Label 0 marks excluded pixels.
 *
 * <p>Immutable and thread-safe.
 */
public final class SegmentationModel implements Serializable {
    private static final long serialVersionUID = 1L;

    private final GaussianMixture mixture;
    private final FeaturePipeline pipeline;
    private final FitSummary fit;
    private final SelectionTable selection;
    private final Mrf mrf;
    /** Whether the images it was fitted on were 8-bit; null when unknown or mixed. */
    private final Boolean eightBit;
    private final List<String> axes;

    /** Wraps a mixture, reordering its components into label order. */
    public SegmentationModel(GaussianMixture mixture, FeaturePipeline pipeline, FitSummary fit) {
        this(mixture, pipeline, fit, null);
    }

    /**
     * Wraps a mixture chosen by model selection, reordering its components into label order.
     *
     * @param selection the table of the selection that chose the mixture, or null
     * @throws IllegalArgumentException when the chosen candidate of {@code selection} is not the
     *     mixture's K and covariance type
     */
    public SegmentationModel(GaussianMixture mixture, FeaturePipeline pipeline, FitSummary fit,
            SelectionTable selection) {
        if (selection != null && (selection.chosenRow().components() != mixture.components()
                || selection.chosenRow().covarianceType() != mixture.covarianceType())) {
            throw new IllegalArgumentException("the selection chose K=" + selection.chosenRow().components() + " "
                    + selection.chosenRow().covarianceType() + " but the mixture has K=" + mixture.components() + " "
                    + mixture.covarianceType());
        }
        if (mixture.dimension() != pipeline.dimension()) {
            throw new IllegalArgumentException("the mixture has D=" + mixture.dimension() + " but the features "
                    + pipeline.names() + " have " + pipeline.dimension());
        }
        this.mixture = inLabelOrder(mixture);
        this.pipeline = pipeline;
        this.fit = fit;
        this.selection = selection;
        this.mrf = Mrf.NONE;
        this.axes = List.of(PLANE);
        this.eightBit = null;
    }

    /** A copy with the given mixture (re-sorted into label order), prior, axes and 8-bit flag. */
    private SegmentationModel(SegmentationModel m, GaussianMixture mixture, Mrf mrf, List<String> axes,
            Boolean eightBit) {
        this.mixture = mixture == m.mixture ? mixture : inLabelOrder(mixture);
        this.pipeline = m.pipeline;
        this.fit = m.fit;
        this.selection = m.selection;
        this.mrf = mrf;
        this.axes = List.copyOf(axes);
        this.eightBit = eightBit;
    }

    /** This model labelling with the given Potts prior ({@link Mrf#NONE}: the plain GMM). */
    public SegmentationModel withMrf(Mrf m) {
        return new SegmentationModel(this, mixture, m, axes, eightBit);
    }

    /** This model with the mixture HMRF-EM refined and the prior it used (components re-sorted into label order). */
    SegmentationModel refined(GaussianMixture refinedMixture, Mrf m) {
        return new SegmentationModel(this, refinedMixture, m, axes, eightBit);
    }

    /** The Potts prior this model labels with; {@link Mrf#NONE} for the plain GMM. */
    public Mrf mrf() {
        return mrf;
    }

    /**
     * The same model, recording whether the images it was fitted on were all 8-bit (true), all
     * wider or float (false), or unknown or mixed (null); {@link RangeCheck} compares it with the
     * images it labels.
     */
    public SegmentationModel withEightBit(Boolean eightBitImages) {
        return new SegmentationModel(this, mixture, mrf, axes, eightBitImages);
    }

    /** Whether the images it was fitted on were 8-bit ({@link #withEightBit}); null when unknown. */
    public Boolean eightBit() {
        return eightBit;
    }

    /** The axes of 2-D images, which models fitted before gmmseg knew of others were fitted on. */
    public static final String PLANE = "xy";

    /**
     * The same model, recorded as fitted on images with these axes, e.g. {@code ["xyz"]} (see {@link #axes()}).
     *
     * @param axes each the spatial and time axes of some of the images, {@code xy}, {@code xyz}, {@code xyt} or
     *     {@code xyzt}; at least one
     */
    public SegmentationModel withAxes(List<String> axes) {
        if (axes.isEmpty()) {
            throw new IllegalArgumentException("at least one kind of axes is needed");
        }
        return new SegmentationModel(this, mixture, mrf, axes, eightBit);
    }

    /**
     * The axes of the images the model was fitted on, each kind once: {@code xy} for 2-D images, {@code xyz} for
     * volumes, {@code xyt} and {@code xyzt} for time series (channels are not listed). For information only; a
     * model labels images of any axes with its features.
     */
    public List<String> axes() {
        return axes;
    }

    /** The same mixture with components sorted by their means, lexicographically. */
    static GaussianMixture inLabelOrder(GaussianMixture g) {
        int k = g.components();
        int d = g.dimension();
        double[][] means = g.means();
        Integer[] order = IntStream.range(0, k).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparing((Integer c) -> means[c], Arrays::compare));
        double[] w = new double[k];
        double[] m = new double[k * d];
        double[] cov = g.covariancesFlat();
        CovarianceType type = g.covarianceType();
        double[] sorted = type == CovarianceType.TIED ? cov : new double[cov.length];
        int block = type == CovarianceType.TIED ? 0 : cov.length / k;
        for (int i = 0; i < k; i++) {
            int c = order[i];
            w[i] = g.weight(c);
            System.arraycopy(means[c], 0, m, i * d, d);
            if (block > 0) {
                System.arraycopy(cov, c * block, sorted, i * block, block);
            }
        }
        return GaussianMixture.ofFlat(type, k, d, w, m, sorted);
    }

    public GaussianMixture mixture() {
        return mixture;
    }

    public FeaturePipeline pipeline() {
        return pipeline;
    }

    public FeatureSpec features() {
        return pipeline.spec();
    }

    /** How the mixture was fitted, or null. */
    public FitSummary fit() {
        return fit;
    }

    /**
     * The model selection that chose K and the covariance type (every candidate with its
     * criteria), or null when the model was fitted with one K and covariance type.
     */
    public SelectionTable selection() {
        return selection;
    }

    /** Number of components K; labels run 1..K. */
    public int components() {
        return mixture.components();
    }

    /**
     * The model file document: the mixture, the fit block, and the {@code features} and
     * {@code labels} blocks, followed by the {@code selection} block when there is a selection and
     * the {@code mrf} block when the model labels with a Potts prior.
     */
    public ModelFile.Document toDocument() {
        ObjectNode features = pipeline.spec().toJson();
        if (pipeline.spec().smoothingSigma() > 0 && !pipeline.smoothingUnit().equals(Calibration.PIXEL)) {
            features.put("smoothingUnit", pipeline.smoothingUnit());
        }
        features.put("channels", pipeline.channels());
        ArrayNode names = features.putArray("names");
        pipeline.names().forEach(names::add);
        if (!axes.equals(List.of(PLANE))) {
            ArrayNode fitted = features.putArray("axes");
            axes.forEach(fitted::add);
        }
        if (eightBit != null) {
            features.put("eightBit", eightBit);
        }
        ArrayNode labels = JsonNodeFactory.instance.arrayNode();
        for (int k = 1; k <= components(); k++) {
            labels.add(k);
        }
        Map<String, JsonNode> ext = new LinkedHashMap<>();
        ext.put("features", features);
        ext.put("labels", labels);
        if (selection != null) {
            ext.put(SelectionTable.KEY, selection.toJson());
        }
        if (mrf.active()) {
            ext.put(Mrf.KEY, mrf.toJson());
        }
        return new ModelFile.Document(mixture, fit, ext);
    }

    /**
     * The segmentation model of a model file, which must have a {@code features} block; its
     * {@code selection} block, when present, is read and checked too.
     *
     * @param source file name for messages
     * @throws ModelFormatException naming the source and the problem
     */
    public static SegmentationModel fromDocument(ModelFile.Document doc, String source) {
        JsonNode features = doc.extensions().get("features");
        if (features == null) {
            throw new ModelFormatException(source + ": no 'features' block; this model was fitted on a feature table, "
                    + "not on images, so it cannot label images");
        }
        try {
            FeatureSpec spec = FeatureSpec.fromJson(features);
            JsonNode ch = features.get("channels");
            if (ch == null || !ch.canConvertToInt() || ch.asInt() < 1) {
                throw new IllegalArgumentException("'features.channels' must be a positive integer");
            }
            JsonNode unit = features.get("smoothingUnit");
            if (unit != null && !unit.isTextual()) {
                throw new IllegalArgumentException("'features.smoothingUnit' must be a string");
            }
            FeaturePipeline pipeline = new FeaturePipeline(spec, ch.asInt(), unit == null ? Calibration.PIXEL
                    : unit.asText());
            List<String> fittedAxes = axes(features.get("axes"));
            if (pipeline.dimension() != doc.model().dimension()) {
                throw new IllegalArgumentException("the features " + pipeline.names() + " have D=" + pipeline.dimension()
                        + " but the means have " + doc.model().dimension() + " columns");
            }
            JsonNode labels = doc.extensions().get("labels");
            if (labels != null) {
                List<Integer> expected = IntStream.rangeClosed(1, doc.model().components()).boxed().toList();
                for (int i = 0; i < labels.size(); i++) {
                    if (labels.size() != expected.size() || labels.get(i).asInt() != expected.get(i)) {
                        throw new IllegalArgumentException("'labels' must be 1.." + expected.size() + " in order");
                    }
                }
            }
            JsonNode eightBit = features.get("eightBit");
            if (eightBit != null && !eightBit.isBoolean()) {
                throw new IllegalArgumentException("'features.eightBit' must be true or false");
            }
            Mrf mrf = Mrf.fromJson(doc.extensions().get(Mrf.KEY));
            return new SegmentationModel(doc.model(), pipeline, doc.fit(), SelectionTable.fromDocument(doc, source))
                    .withAxes(fittedAxes).withEightBit(eightBit == null ? null : eightBit.asBoolean()).withMrf(mrf);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source + ": " + e.getMessage(), e);
        }
    }

    /** The {@code features.axes} of a model file: absent for models of 2-D images. */
    private static List<String> axes(JsonNode node) {
        if (node == null) {
            return List.of(PLANE);
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException("'features.axes' must be a non-empty array of strings");
        }
        List<String> axes = new java.util.ArrayList<>();
        for (JsonNode a : node) {
            if (!a.isTextual() || !a.asText().matches("xyz?t?")) {
                throw new IllegalArgumentException("'features.axes' holds " + a + ", expected xy, xyz, xyt or xyzt");
            }
            axes.add(a.asText());
        }
        return axes;
    }

    /** Writes the model file atomically. */
    public void save(Path path) throws IOException {
        ModelFile.write(path, toDocument());
    }

    /** Reads a model file written by {@link #save}. */
    public static SegmentationModel load(Path path) throws IOException {
        return fromDocument(ModelFile.read(path), path.getFileName().toString());
    }
}
