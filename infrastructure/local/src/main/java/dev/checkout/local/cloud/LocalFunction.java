package dev.checkout.local.cloud;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One function of the template, running in this JVM from its handler class with the environment
 * the template gives it. It receives the bytes Lambda would send and returns the bytes Lambda would
 * return; an exception becomes a function error named after the exception's class, as the Java
 * runtime reports it.
 */
final class LocalFunction {
    /** The error Lambda reports when the runtime process exits before it answers. */
    static final String CRASH_ERROR = "Runtime.ExitError";
    private final String logicalId;
    private final String handlerName;
    private final int timeoutSeconds;
    private final RequestStreamHandler handler;
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong crashes = new AtomicLong();
    private volatile double crashAfterHandlerRate;

    private LocalFunction(String logicalId, String handlerName, int timeoutSeconds, RequestStreamHandler handler) {
        this.logicalId = logicalId;
        this.handlerName = handlerName;
        this.timeoutSeconds = timeoutSeconds;
        this.handler = handler;
    }

    /**
     * Loads {@code Handler: class::method}. The class must be a {@link RequestStreamHandler} with a
     * public constructor taking the function's environment ({@code FunctionEnvironment}), which is
     * how several functions share one JVM without sharing one process environment.
     */
    static LocalFunction load(String logicalId, String handler, int timeoutSeconds, Map<String, String> environment) {
        String className = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        try {
            Class<?> type = Class.forName(className);
            Class<?> environmentType = Class.forName("dev.checkout.aws.wiring.FunctionEnvironment");
            Object env = environmentType.getMethod("of", Map.class).invoke(null, environment);
            Constructor<?> constructor = type.getConstructor(environmentType);
            return new LocalFunction(logicalId, handler, timeoutSeconds, (RequestStreamHandler) constructor.newInstance(env));
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("function " + logicalId + " (" + handler + ") did not initialize: " + cause, cause);
        }
    }

    String logicalId() {
        return logicalId;
    }

    long invocations() {
        return invocations.get();
    }

    long errors() {
        return errors.get();
    }

    long crashes() {
        return crashes.get();
    }

    /**
     * Makes this share (0 to 1) of invocations fail after the handler returned: its side effects happened, its
     * answer is lost, as when a sandbox dies between the work and the response.
     */
    void crashAfterHandler(double rate) {
        crashAfterHandlerRate = rate;
    }

    byte[] invoke(byte[] event) throws FunctionError {
        invocations.incrementAndGet();
        var out = new ByteArrayOutputStream();
        SdkCallMeter.enterFunction(logicalId);
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, new LocalContext());
            if (crashAfterHandlerRate > 0 && ThreadLocalRandom.current().nextDouble() < crashAfterHandlerRate) {
                crashes.incrementAndGet();
                errors.incrementAndGet();
                throw new FunctionError(CRASH_ERROR, "the runtime exited after the handler returned (injected)", null);
            }
            return out.toByteArray();
        } catch (FunctionError e) {
            throw e;
        } catch (Throwable e) {
            errors.incrementAndGet();
            throw new FunctionError(e.getClass().getName(), String.valueOf(e.getMessage()), e);
        } finally {
            SdkCallMeter.enterFunction(null);
        }
    }

    /** A function's error: {@code errorType} is what Retry and Catch match. */
    static final class FunctionError extends Exception {
        private final String errorType;
        private final String errorMessage;

        FunctionError(String errorType, String errorMessage, Throwable cause) {
            super(errorType + ": " + errorMessage, cause);
            this.errorType = errorType;
            this.errorMessage = errorMessage;
        }

        String errorType() {
            return errorType;
        }

        String errorMessage() {
            return errorMessage;
        }
    }

    private final class LocalContext implements Context {
        private final String requestId = UUID.randomUUID().toString();
        private final long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;

        @Override public String getAwsRequestId() { return requestId; }
        @Override public String getLogGroupName() { return "/aws/lambda/" + logicalId; }
        @Override public String getLogStreamName() { return "local"; }
        @Override public String getFunctionName() { return logicalId; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return CloudResources.functionArn(logicalId); }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return (int) Math.max(0, deadline - System.currentTimeMillis()); }
        @Override public int getMemoryLimitInMB() { return 1024; }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.println("[" + logicalId + "] " + message);
                }

                @Override
                public void log(byte[] message) {
                    log(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }

    @Override
    public String toString() {
        return logicalId + " (" + handlerName + ")";
    }
}
