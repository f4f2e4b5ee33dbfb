package org.gmmseg.segmentation;

import java.io.Serializable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.gmmseg.core.em.HmrfOptions;

/**
 * The Potts prior a model labels with (HMRF-EM, {@link org.gmmseg.core.em.HmrfFitter}): its
 * interaction strength BETA over the 4-neighbourhood of a plane (6 of a volume), whether BETA was
 * estimated, and the sweeps done when the model was fitted. {@link #NONE} (BETA 0, not auto) is
 * the plain GMM, labelled pixel by pixel exactly as without an MRF. The model file's {@code mrf}
 * block (docs/model-format.md).
 *
 * @param beta BETA in [0, {@value HmrfOptions#MAX_BETA}]; with {@code auto}, the estimate (0 before one)
 * @param auto whether BETA is estimated by pseudo-likelihood ({@code --mrf auto})
 * @param sweeps the mean-field sweeps done when the model was fitted (0 before)
 */
public record Mrf(double beta, boolean auto, int sweeps) implements Serializable {
    /** No MRF: the plain GMM. */
    public static final Mrf NONE = new Mrf(0, false, 0);
    /** The model file's key. */
    public static final String KEY = "mrf";

    public Mrf {
        if (!(beta >= 0 && beta <= HmrfOptions.MAX_BETA)) {
            throw new IllegalArgumentException("the MRF strength BETA must be in [0, " + HmrfOptions.MAX_BETA
                    + "], got " + beta);
        }
        if (sweeps < 0) {
            throw new IllegalArgumentException("'mrf.sweeps' must be >= 0, got " + sweeps);
        }
    }

    /**
     * {@code "auto"} or a number BETA in [0, {@value HmrfOptions#MAX_BETA}], as {@code --mrf} takes it.
     *
     * @throws IllegalArgumentException naming the value and the range
     */
    public static Mrf parse(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("auto")) {
            return new Mrf(0, true, 0);
        }
        double beta;
        try {
            beta = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--mrf takes a number BETA in [0, " + HmrfOptions.MAX_BETA
                    + "] or 'auto', not '" + value + "'");
        }
        return new Mrf(beta, false, 0);
    }

    /** Whether labelling runs HMRF sweeps: BETA above 0, or estimated. */
    public boolean active() {
        return auto || beta > 0;
    }

    /** As {@code --mrf} would take it: {@code auto} or BETA. */
    public String describe() {
        return auto ? "auto" : Double.toString(beta);
    }

    JsonNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("beta", beta);
        node.put("auto", auto);
        node.put("sweeps", sweeps);
        return node;
    }

    /** The {@code mrf} block; absent: {@link #NONE}. */
    static Mrf fromJson(JsonNode node) {
        if (node == null) {
            return NONE;
        }
        JsonNode beta = node.get("beta");
        JsonNode auto = node.get("auto");
        JsonNode sweeps = node.get("sweeps");
        if (beta == null || !beta.isNumber()) {
            throw new IllegalArgumentException("'mrf.beta' must be a number");
        }
        if (auto != null && !auto.isBoolean()) {
            throw new IllegalArgumentException("'mrf.auto' must be true or false");
        }
        if (sweeps != null && !sweeps.canConvertToInt()) {
            throw new IllegalArgumentException("'mrf.sweeps' must be an integer");
        }
        return new Mrf(beta.asDouble(), auto != null && auto.asBoolean(), sweeps == null ? 0 : sweeps.asInt());
    }
}
