package org.gmmseg.core;

/**
 * A component whose covariance is not positive definite, even after regularisation: it collapsed
 * onto too few distinct samples, or the features have (almost) no variance.
 */
public final class DegenerateComponentException extends GmmException {
    private static final long serialVersionUID = 1L;
    private final int component;

    /**
     * @param component zero-based component index, or -1 for the shared (tied) covariance
     */
    public DegenerateComponentException(int component, String message) {
        super(message);
        this.component = component;
    }

    /** Zero-based index of the component, or -1 for the shared covariance of a tied model. */
    public int component() {
        return component;
    }
}
