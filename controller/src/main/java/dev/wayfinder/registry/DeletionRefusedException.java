package dev.wayfinder.registry;

/** The deletion guard stopped a plan; nothing was applied. Retrying will not help until something changes. */
public final class DeletionRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    public DeletionRefusedException(String message) {
        super(message);
    }
}
