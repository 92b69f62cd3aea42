package dev.checkout.local.stepfunctions.task;

/** A Task resource this engine cannot run. */
public final class UnsupportedResourceException extends Exception {

    public UnsupportedResourceException(String arn, String detail) {
        super("Unsupported resource '" + arn + "': " + detail);
    }
}
