package dev.checkout.local.stepfunctions;

/** The error codes of the Step Functions API this engine returns (the {@code __type} of an error response). */
public enum ApiError {
    STATE_MACHINE_DOES_NOT_EXIST("StateMachineDoesNotExist"),
    STATE_MACHINE_ALREADY_EXISTS("StateMachineAlreadyExists"),
    INVALID_DEFINITION("InvalidDefinition"),
    INVALID_NAME("InvalidName"),
    INVALID_ARN("InvalidArn"),
    EXECUTION_DOES_NOT_EXIST("ExecutionDoesNotExist"),
    EXECUTION_ALREADY_EXISTS("ExecutionAlreadyExists"),
    TASK_DOES_NOT_EXIST("TaskDoesNotExist"),
    TASK_TIMED_OUT("TaskTimedOut"),
    INVALID_TOKEN("InvalidToken"),
    INVALID_OUTPUT("InvalidOutput"),
    INVALID_EXECUTION_INPUT("InvalidExecutionInput"),
    VALIDATION("ValidationException"),
    UNKNOWN_OPERATION("UnknownOperationException");

    private final String code;

    ApiError(String code) {
        this.code = code;
    }

    /** The code as AWS spells it. */
    public String code() {
        return code;
    }
}
