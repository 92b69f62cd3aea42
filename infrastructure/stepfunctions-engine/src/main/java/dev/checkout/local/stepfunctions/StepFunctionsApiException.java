package dev.checkout.local.stepfunctions;

/** A Step Functions API call that AWS would refuse, with AWS's error code. */
public final class StepFunctionsApiException extends RuntimeException {

    private final ApiError error;

    public StepFunctionsApiException(ApiError error, String message) {
        super(message);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }
}
