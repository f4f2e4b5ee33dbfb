package org.gmmseg.core.io;

import org.gmmseg.core.GmmException;

/** A feature table that cannot be read: the message names the file and the problem, on one line. */
public final class TableFormatException extends GmmException {
    private static final long serialVersionUID = 1L;

    public TableFormatException(String message) {
        super(message);
    }

    public TableFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
