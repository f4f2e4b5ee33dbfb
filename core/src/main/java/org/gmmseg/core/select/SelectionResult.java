package org.gmmseg.core.select;

import java.util.List;
import java.util.Optional;

import org.gmmseg.core.CovarianceType;
import org.gmmseg.core.FitResult;
import org.gmmseg.core.GaussianMixture;
import org.gmmseg.core.GmmException;

/**
 * The outcome of {@link ModelSelection#select}: every candidate in grid order, and the one the
 * criterion chose.
 *
 * @param candidates every candidate, in grid order ({@link Candidate#index()} = position)
 * @param chosen the OK candidate with the lowest criterion; ties go to the smaller K, then to the
 *     earlier grid position
 * @param criterion the criterion that chose
 * @param notes one-line remarks for the user: skipped and failed candidates, raised regCovar, a
 *     choice at the edge of the grid
 */
public record SelectionResult(List<Candidate> candidates, Candidate chosen, Criterion criterion, List<String> notes) {

    public SelectionResult {
        candidates = List.copyOf(candidates);
        notes = List.copyOf(notes);
        if (chosen == null || !chosen.ok() || criterion == null) {
            throw new GmmException("a selection result needs a fitted chosen candidate and a criterion");
        }
    }

    /** The chosen model. */
    public GaussianMixture model() {
        return chosen.model();
    }

    /** The fit of the chosen model. */
    public FitResult fitResult() {
        return chosen.fitResult();
    }

    /** The candidate for K and a covariance type, if the grid holds it. */
    public Optional<Candidate> candidate(int k, CovarianceType type) {
        return candidates.stream().filter(c -> c.components() == k && c.covarianceType() == type).findFirst();
    }
}
