package dev.checkout.local.stepfunctions.task;

/** A service call that failed, with the error name a Task state reports (e.g. {@code DynamoDB.ConditionalCheckFailedException}). */
public final class ServiceIntegrationException extends Exception {

    private final String error;
    private final String errorCause;

    public ServiceIntegrationException(String error, String cause) {
        super(error + ": " + cause);
        this.error = error;
        this.errorCause = cause;
    }

    public String error() {
        return error;
    }

    public String errorCause() {
        return errorCause;
    }
}
