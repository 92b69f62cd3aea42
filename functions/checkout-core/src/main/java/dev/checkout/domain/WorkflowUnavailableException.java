package dev.checkout.domain;

/** The workflow engine could not be reached or refused the call for a passing reason; safe to retry. */
public class WorkflowUnavailableException extends CheckoutException {
    public WorkflowUnavailableException(String message, Throwable cause) {
        super("WORKFLOW_UNAVAILABLE", ErrorKind.TRANSIENT, message, cause);
    }
}
