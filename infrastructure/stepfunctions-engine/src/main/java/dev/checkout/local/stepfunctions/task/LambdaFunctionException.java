package dev.checkout.local.stepfunctions.task;

/**
 * The error a Lambda function returned. The Task state fails with {@link #errorType()} as its
 * error name and {@code {"errorMessage", "errorType"}} as its cause, as Step Functions reports it.
 */
public final class LambdaFunctionException extends Exception {

    /** The error type of a function that does not exist. */
    public static final String RESOURCE_NOT_FOUND = "Lambda.ResourceNotFoundException";

    private final String errorType;
    private final String errorMessage;

    public LambdaFunctionException(String errorType, String errorMessage) {
        super(errorType + ": " + errorMessage);
        this.errorType = errorType;
        this.errorMessage = errorMessage;
    }

    /** The error Step Functions reports for a function that does not exist. */
    public static LambdaFunctionException functionNotFound(String functionArn) {
        return new LambdaFunctionException(RESOURCE_NOT_FOUND, "Function not found: " + functionArn);
    }

    public String errorType() {
        return errorType;
    }

    public String errorMessage() {
        return errorMessage;
    }
}
