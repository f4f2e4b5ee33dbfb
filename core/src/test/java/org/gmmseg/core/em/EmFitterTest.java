package org.gmmseg.core.em;

import org.gmmseg.core.CovarianceType;
import org.junit.jupiter.api.Nested;

/** The {@link EmFitterContract} for every covariance type. */
class EmFitterTest {

    @Nested
    class Full extends EmFitterContract {
        @Override
        CovarianceType type() {
            return CovarianceType.FULL;
        }
    }

    @Nested
    class Tied extends EmFitterContract {
        @Override
        CovarianceType type() {
            return CovarianceType.TIED;
        }
    }

    @Nested
    class Diag extends EmFitterContract {
        @Override
        CovarianceType type() {
            return CovarianceType.DIAG;
        }
    }

    @Nested
    class Spherical extends EmFitterContract {
        @Override
        CovarianceType type() {
            return CovarianceType.SPHERICAL;
        }
    }
}
