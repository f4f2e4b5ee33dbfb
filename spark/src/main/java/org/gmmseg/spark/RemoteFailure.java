package org.gmmseg.spark;

/**
 * An exception of an executor brought to the driver: its class name, message and stack trace
 * (and its causes), whatever its own fields, so that {@code --verbose} prints what happened there.
 */
final class RemoteFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_CAUSES = 8;

    private final String description;

    private RemoteFailure(Throwable original, int depth) {
        super(original.getMessage(), original.getCause() == null || depth >= MAX_CAUSES ? null
                : new RemoteFailure(original.getCause(), depth + 1), false, true);
        this.description = original.toString();
        setStackTrace(original.getStackTrace());
    }

    static RemoteFailure of(Throwable original) {
        return original instanceof RemoteFailure remote ? remote : new RemoteFailure(original, 0);
    }

    /** As the original printed itself: its class and message. */
    @Override
    public String toString() {
        return description;
    }
}
