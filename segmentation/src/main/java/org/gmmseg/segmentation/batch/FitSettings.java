package org.gmmseg.segmentation.batch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitOptions;
import org.gmmseg.core.select.SelectionOptions;
import org.gmmseg.segmentation.features.FeatureSpec;

/**
 * The settings of a fitting batch that decide its outputs, by their command-line names, for the
 * record of the output folder ({@link Batch#plan}): a rerun with other values is refused. Every
 * front end (the command line, the Fiji folder command) records the same names, so a folder
 * started by one can be resumed by the other. Threads and the outputs asked for change no output,
 * so they are not among them. Stateless.
 */
public final class FitSettings {
    private FitSettings() {
    }

    /**
     * @param command the command's name, e.g. {@code segment}
     * @param selection the model selection, or null for a plain fit
     * @param initModel what identifies a warm-start model (e.g. a digest of its file), or null
     * @param maxSamples the sample size per image (0: every pixel)
     */
    public static Map<String, String> of(String command, FeatureSpec features, FitOptions fit,
            SelectionOptions selection, String initModel, long maxSamples) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("command", command);
        settings.put("--features", features.name());
        if (features.hasChannelSubset()) {
            settings.put("--channels", features.channelList());
        }
        if (features.hasXy()) {
            settings.put("--xy-weight", Double.toString(features.xyWeight()));
        }
        settings.put("--smooth", Double.toString(features.smoothingSigma()));
        if (selection != null) {
            settings.put("--components", selection.components().stream().map(String::valueOf)
                    .collect(Collectors.joining(",")));
            settings.put("--covariance", selection.covarianceTypes().stream().map(CovarianceType::id)
                    .collect(Collectors.joining(",")));
            settings.put("--select", selection.criterion().id());
        } else {
            settings.put("--components", Integer.toString(fit.components()));
            settings.put("--covariance", fit.covarianceType().id());
        }
        if (initModel != null) {
            settings.put("--init-model", initModel);
        } else {
            settings.put("--init", fit.initialization().id());
            settings.put("--n-init", Integer.toString(fit.nInit()));
        }
        settings.put("--max-iter", Integer.toString(fit.maxIter()));
        settings.put("--tol", Double.toString(fit.tol()));
        settings.put("--reg-covar", Double.toString(fit.regCovar()));
        settings.put("--seed", Long.toString(fit.seed()));
        settings.put("--max-samples", Long.toString(maxSamples));
        return settings;
    }
}
