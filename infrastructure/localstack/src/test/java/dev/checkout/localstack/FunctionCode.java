package dev.checkout.localstack;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.local.services.SamTemplate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A function of the template run in this JVM, outside LocalStack (which would need Docker for it): its
 * {@code Handler} from the template, constructed with the environment it gets here. An exception becomes
 * a {@link Failure} named after the exception's class, as Lambda's Java runtime names a function error.
 */
final class FunctionCode {
    private final String logicalId;
    private final RequestStreamHandler handler;

    private FunctionCode(String logicalId, RequestStreamHandler handler) {
        this.logicalId = logicalId;
        this.handler = handler;
    }

    /** The error a function invocation ended with: its {@code errorType} and {@code errorMessage}. */
    static final class Failure extends Exception {
        private final String errorType;

        Failure(String errorType, String errorMessage) {
            super(errorMessage);
            this.errorType = errorType;
        }

        String errorType() {
            return errorType;
        }
    }

    static FunctionCode of(SamTemplate template, String logicalId, Map<String, String> environment) {
        Object properties = SamTemplate.asMap(template.resources().get(logicalId)).get("Properties");
        String handler = String.valueOf(SamTemplate.asMap(properties).get("Handler"));
        String className = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        try {
            Object instance = Class.forName(className).getConstructor(FunctionEnvironment.class)
                    .newInstance(FunctionEnvironment.of(environment));
            return new FunctionCode(logicalId, (RequestStreamHandler) instance);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("function " + logicalId + " (" + handler + ") did not initialize", e);
        }
    }

    String invoke(String payload) throws Failure {
        var output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), output, null);
        } catch (Exception e) {
            Throwable error = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new Failure(error.getClass().getName(), String.valueOf(error.getMessage()));
        }
        return output.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return logicalId;
    }
}
