package org.gmmseg.core;

/**
 * A fit or model that cannot be made from the given input: degenerate data, invalid values or a
 * collapsed component. The message is one line meant for the user, naming the problem and the fix.
 */
public class GmmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GmmException(String message) {
        super(message);
    }

    public GmmException(String message, Throwable cause) {
        super(message, cause);
    }
}
