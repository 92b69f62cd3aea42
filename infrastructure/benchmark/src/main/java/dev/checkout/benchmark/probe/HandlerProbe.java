package dev.checkout.benchmark.probe;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;

/**
 * Runs in a fresh JVM whose class path is one function jar plus this class (JDK only, and the Lambda
 * {@code Context} interface every function jar carries), as a cold Lambda sandbox would: instantiates
 * the handler with its no-arg constructor (which reads the process environment), invokes it once,
 * then {@code warm} more times, and prints one line of figures for the benchmark to read:
 * {@code PROBE initNanos=.. firstInvokeNanos=.. classesAfterFirst=.. warmNanos=n1,n2,.. statusOk=true}.
 *
 * <p>Arguments: handler class, event file, number of warm invokes. Every {@code ${uuid}} in the
 * event is replaced by a fresh UUID on each invoke (idempotency keys that must not replay).
 */
public final class HandlerProbe {
    private HandlerProbe() {
    }

    public static void main(String[] args) throws Exception {
        String handlerClass = args[0];
        String event = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
        int warm = Integer.parseInt(args[2]);

        long start = System.nanoTime();
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(handlerClass).getConstructor().newInstance();
        long initNanos = System.nanoTime() - start;

        Invocation firstInvocation = new Invocation(event);
        start = System.nanoTime();
        String first = firstInvocation.run(handler);
        long firstInvokeNanos = System.nanoTime() - start;
        int classesAfterFirst = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();

        long[] warmNanos = new long[warm];
        boolean ok = succeeded(first);
        for (int i = 0; i < warm; i++) {
            Invocation invocation = new Invocation(event);
            start = System.nanoTime();
            String answer = invocation.run(handler);
            warmNanos[i] = System.nanoTime() - start;
            ok &= succeeded(answer);
        }
        System.out.println("PROBE initNanos=" + initNanos
                + " firstInvokeNanos=" + firstInvokeNanos
                + " classesAfterFirst=" + classesAfterFirst
                + " classesAfterWarm=" + ManagementFactory.getClassLoadingMXBean().getLoadedClassCount()
                + " warmNanos=" + String.join(",", Arrays.stream(warmNanos).mapToObj(Long::toString).toList())
                + " statusOk=" + ok);
        System.out.println("FIRST_RESPONSE " + first.replace('\n', ' '));
    }

    /**
     * One invoke's input, output and context, made before the clock starts: on Lambda the runtime
     * prepares them, so their cost is no part of the function's.
     */
    private static final class Invocation {
        private final ByteArrayInputStream input;
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private final ProbeContext context = new ProbeContext();

        Invocation(String event) {
            this.input = new ByteArrayInputStream(event.replace("${uuid}", UUID.randomUUID().toString()).getBytes(StandardCharsets.UTF_8));
        }

        String run(RequestStreamHandler handler) throws Exception {
            handler.handleRequest(input, output, context);
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    /** An HTTP answer must be 2xx; a task or queue answer must not report failed items. */
    private static boolean succeeded(String answer) {
        String compact = answer.replace(" ", "");
        if (compact.contains("\"statusCode\":")) {
            int at = compact.indexOf("\"statusCode\":") + "\"statusCode\":".length();
            return compact.charAt(at) == '2';
        }
        return !compact.contains("\"itemIdentifier\"");
    }

    private static final class ProbeContext implements Context {
        private final String requestId = UUID.randomUUID().toString();

        @Override public String getAwsRequestId() { return requestId; }
        @Override public String getLogGroupName() { return "/aws/lambda/probe"; }
        @Override public String getLogStreamName() { return "probe"; }
        @Override public String getFunctionName() { return "probe"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:probe"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 20_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.err.println(message);
                }

                @Override
                public void log(byte[] message) {
                    System.err.println(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
