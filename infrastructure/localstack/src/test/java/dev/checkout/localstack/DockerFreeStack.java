package dev.checkout.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * The part of {@code infrastructure/template.yaml} that LocalStack serves without Docker, deployed
 * through LocalStack's CloudFormation as one stack: {@code docker_free_template.py} leaves out the
 * functions and the HTTP API and turns the state machine's function steps into activities, which the
 * tier runs with the functions' code. Deploying the template (not creating resources from it as data)
 * is what proves it: the SAM transform, the intrinsics, the deletion policies and the definition
 * substitutions all go through LocalStack's CloudFormation.
 */
final class DockerFreeStack {
    static final String NAME = "checkout-localstack-tier";

    private final Map<String, String> outputs;
    private final Map<String, StackResource> resources;

    private DockerFreeStack(Map<String, String> outputs, Map<String, StackResource> resources) {
        this.outputs = outputs;
        this.resources = resources;
    }

    /** Writes the Docker-free copy of the template (the payment window may be seconds) and deploys it. */
    static DockerFreeStack deploy(LocalStackProcess localStack, CloudFormationClient cloudFormation, int paymentWindowSeconds) {
        Path template = localStack.moduleDirectory().resolve("../template.yaml").normalize();
        Path copy = localStack.moduleDirectory().resolve("target/docker-free-template.json");
        run(localStack.python().toString(), localStack.moduleDirectory().resolve("docker_free_template.py").toString(),
                template.toString(), copy.toString(), "--no-min-value", "PaymentWindowSeconds");
        String body;
        try {
            body = Files.readString(copy, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cloudFormation.createStack(r -> r.stackName(NAME).templateBody(body)
                .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_AUTO_EXPAND)
                .parameters(Parameter.builder().parameterKey("PaymentWindowSeconds").parameterValue(Integer.toString(paymentWindowSeconds)).build()));
        // Polled every 250 ms: the SDK's waiter asks every 30 s, and LocalStack deploys the stack in a few seconds.
        Stack stack = cloudFormation.describeStacks(r -> r.stackName(NAME)).stacks().get(0);
        while (stack.stackStatus() == StackStatus.CREATE_IN_PROGRESS) {
            pause();
            stack = cloudFormation.describeStacks(r -> r.stackName(NAME)).stacks().get(0);
        }
        if (stack.stackStatus() != StackStatus.CREATE_COMPLETE) {
            String events = cloudFormation.describeStackEvents(r -> r.stackName(NAME)).stackEvents().stream()
                    .filter(e -> e.resourceStatusReason() != null)
                    .map(e -> e.logicalResourceId() + " " + e.resourceStatus() + ": " + e.resourceStatusReason())
                    .collect(Collectors.joining("\n"));
            throw new IllegalStateException("the Docker-free stack did not deploy:\n" + events);
        }
        Map<String, String> outputs = stack.outputs().stream()
                .collect(Collectors.toMap(Output::outputKey, Output::outputValue));
        Map<String, StackResource> resources = cloudFormation.describeStackResources(r -> r.stackName(NAME)).stackResources().stream()
                .collect(Collectors.toMap(StackResource::logicalResourceId, r -> r));
        return new DockerFreeStack(outputs, resources);
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String output(String key) {
        String value = outputs.get(key);
        if (value == null) {
            throw new IllegalStateException("the stack has no output " + key + " (has " + outputs.keySet() + ")");
        }
        return value;
    }

    /** The physical id of a resource of the stack (a queue's URL, a secret's or an activity's ARN, a table's name). */
    String physicalId(String logicalId) {
        StackResource resource = resources.get(logicalId);
        if (resource == null) {
            throw new IllegalStateException("the stack has no resource " + logicalId + " (has " + resources.keySet() + ")");
        }
        return resource.physicalResourceId();
    }

    Map<String, StackResource> resources() {
        return resources;
    }
}
