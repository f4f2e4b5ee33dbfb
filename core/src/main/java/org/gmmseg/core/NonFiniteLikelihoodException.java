package org.gmmseg.core;

/**
 * The log-likelihood of a fit became infinite or NaN: the features are on an extreme scale or a
 * component became (nearly) singular. Like {@link DegenerateComponentException}, a numerical
 * breakdown of the fit rather than invalid input, so a larger {@code regCovar} or rescaled
 * features may cure it.
 */
public final class NonFiniteLikelihoodException extends GmmException {
    private static final long serialVersionUID = 1L;

    public NonFiniteLikelihoodException(String message) {
        super(message);
    }
}
