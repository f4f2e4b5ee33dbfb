package org.gmmseg.core.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.Samples;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * BIC and AIC (eq. 21) of a given model against scikit-learn 1.2.1's {@code bic(X)}/{@code aic(X)}:
 * the fixture's expected model is scikit-learn's fitted model, so this isolates the criteria (the
 * log-likelihood and the parameter count) from the EM iterations.
 */
class CriteriaParityTest {
    static final double RELATIVE = 1e-9;

    @ParameterizedTest
    @ValueSource(strings = {"full", "tied", "diag", "spherical", "full_d2_k4"})
    void bicAndAicOfTheFittedModelMatchScikitLearn(String name) throws IOException {
        JsonNode f = ScikitLearnParityTest.fixture(name);
        CovarianceType type = CovarianceType.parse(f.get("covarianceType").asText());
        Samples x = Samples.of(ScikitLearnParityTest.matrix(f.get("data")));
        JsonNode e = f.get("expected");
        GaussianMixture model = ScikitLearnParityTest.model(type, e);

        double bic = e.get("bic").asDouble();
        double aic = e.get("aic").asDouble();
        assertEquals(bic, model.bic(x), RELATIVE * Math.abs(bic), "bic");
        assertEquals(aic, model.aic(x), RELATIVE * Math.abs(aic), "aic");
    }
}
