package dev.checkout.local.stepfunctions.task;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Task state's {@code Resource}, resolved to one of the integrations this engine supports.
 *
 * @param service          {@code lambda}, {@code sqs} or {@code dynamodb}
 * @param action           the API action ({@code invoke}, {@code sendMessage}, {@code getItem}, ...)
 * @param waitForTaskToken whether the task waits for SendTaskSuccess / SendTaskFailure
 * @param functionArn      for a Lambda function ARN used directly as the resource, that ARN; else null
 */
public record TaskResource(String arn, String service, String action, boolean waitForTaskToken, String functionArn) {

    private static final Pattern LAMBDA_FUNCTION =
            Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?");
    private static final Pattern OPTIMIZED = Pattern.compile(
            "arn:aws[a-z-]*:states:::(lambda:invoke|sqs:sendMessage|dynamodb:getItem|dynamodb:putItem|dynamodb:updateItem"
                    + "|dynamodb:deleteItem)(\\.waitForTaskToken)?");

    /**
     * Resolves a resource ARN.
     *
     * @throws UnsupportedResourceException when this engine cannot run it
     */
    public static TaskResource parse(String arn) throws UnsupportedResourceException {
        if (LAMBDA_FUNCTION.matcher(arn).matches()) {
            return new TaskResource(arn, "lambda", "function", false, arn);
        }
        Matcher matcher = OPTIMIZED.matcher(arn);
        if (matcher.matches()) {
            String[] serviceAction = matcher.group(1).split(":");
            boolean wait = matcher.group(2) != null;
            if (wait && serviceAction[0].equals("dynamodb")) {
                throw new UnsupportedResourceException(arn, "DynamoDB integrations do not support .waitForTaskToken");
            }
            return new TaskResource(arn, serviceAction[0], serviceAction[1], wait, null);
        }
        throw new UnsupportedResourceException(arn, "supported resources are Lambda function ARNs, "
                + "arn:aws:states:::lambda:invoke[.waitForTaskToken], arn:aws:states:::sqs:sendMessage[.waitForTaskToken] and "
                + "arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem");
    }

    /** Whether this is a Lambda function ARN used directly (reported with LambdaFunction* history events). */
    public boolean isDirectLambda() {
        return functionArn != null;
    }

    /** The resource name as history events show it, e.g. {@code sendMessage.waitForTaskToken}. */
    public String eventResource() {
        return action + (waitForTaskToken ? ".waitForTaskToken" : "");
    }
}
