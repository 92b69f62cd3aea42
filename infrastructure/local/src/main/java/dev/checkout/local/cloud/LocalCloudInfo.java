package dev.checkout.local.cloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a running local cloud tells its user: where each endpoint listens, the tokens to call the API with, the
 * webhook secrets and the state machines. Written at start as {@code local-cloud.json} ({@link #json()}), as shell
 * variables in {@code local-cloud.env} ({@link #shellExports()}), and printed ({@link #banner}).
 */
record LocalCloudInfo(URI api, URI dynamodb, URI sqs, URI stepfunctions, PaymentSimulators payments, URI secretsmanager,
                      Map<String, String> tokens, Map<String, String> stateMachines, List<String> functions, int routes, URI web) {
    private static final ObjectMapper JSON = new ObjectMapper();

    ObjectNode json() {
        ObjectNode info = JSON.createObjectNode();
        info.put("api", api.toString());
        info.put("web", web.toString());
        info.put("dynamodb", dynamodb.toString());
        info.put("sqs", sqs.toString());
        info.put("stepfunctions", stepfunctions.toString());
        info.put("paymentProvider", payments.stripe().baseUrl());
        info.put("secretsmanager", secretsmanager.toString());
        ObjectNode tokenNode = info.putObject("tokens");
        tokens.forEach(tokenNode::put);
        info.putObject("webhookSecrets").put("stripe", payments.stripe().webhookSecret());
        payments.describe(info);
        ObjectNode machines = info.putObject("stateMachines");
        stateMachines.forEach(machines::put);
        return info;
    }

    /** The same facts as shell variables: {@code source infrastructure/local/target/local-cloud.env}. */
    String shellExports() {
        var lines = new StringBuilder("# written by the local cloud at start; source it in a shell\n");
        lines.append("export API=").append(api).append('\n');
        lines.append("export WEB=").append(web).append('\n');
        lines.append("export DYNAMODB=").append(dynamodb).append('\n');
        lines.append("export SQS=").append(sqs).append('\n');
        lines.append("export STEPFUNCTIONS=").append(stepfunctions).append('\n');
        lines.append("export SECRETSMANAGER=").append(secretsmanager).append('\n');
        lines.append("export PAYMENT_PROVIDER=").append(payments.stripe().baseUrl()).append('\n');
        lines.append("export ALIPAY=").append(payments.alipay().baseUrl()).append('\n');
        lines.append("export WECHATPAY=").append(payments.wechatpay().baseUrl()).append('\n');
        tokens.forEach((user, token) -> lines.append("export ").append(user.toUpperCase(Locale.ROOT)).append("_TOKEN=").append(token).append('\n'));
        lines.append("export STATE_MACHINE_ARN=").append(stateMachines.getOrDefault("CheckoutStateMachine", "")).append('\n');
        lines.append("export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=").append(CloudResources.REGION).append('\n');
        return lines.toString();
    }

    /** What the command line prints once everything listens. */
    String banner(Duration startup, Path infoFile) {
        return """
                local cloud ready in %d ms
                  web            %s (the shop and the operations console; sign in as alice, bob or admin)
                  api            %s
                  dynamodb       %s
                  sqs            %s
                  stepfunctions  %s
                  secretsmanager %s
                  stripe         %s (Stripe API simulator; webhooks to %s/webhooks/stripe)
                  alipay         %s (Alipay gateway simulator; the customer at /customer/pay)
                  wechatpay      %s (WeChat Pay API v3 simulator; the customer at /customer/pay)
                  functions      %s
                  routes         %d, tokens for alice, bob and admin in %s
                Ctrl-C stops it.""".formatted(startup.toMillis(), web, api, dynamodb, sqs, stepfunctions, secretsmanager, payments.stripe().baseUrl(), api,
                payments.alipay().baseUrl(), payments.wechatpay().baseUrl(),
                String.join(", ", functions), routes, infoFile == null ? "info()" : infoFile);
    }
}
