package org.gmmseg.core.io;

import org.gmmseg.core.GmmException;

/** A model file that cannot be read: the message names the file and the problem, on one line. */
public final class ModelFormatException extends GmmException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
