package dev.checkout.aws.wiring;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds SDK clients the way a small function should: the url-connection HTTP client, the region
 * and credentials read from the function's environment (no default provider chains to probe), and
 * an endpoint override ({@code AWS_ENDPOINT_URL_<SERVICE>} or {@code AWS_ENDPOINT_URL}) for the
 * local cloud and LocalStack.
 */
public final class AwsClients {
    private final FunctionEnvironment env;
    private final SdkHttpClient httpClient;

    public AwsClients(FunctionEnvironment env) {
        this.env = env;
        this.httpClient = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(10))
                .build();
    }

    public DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), "DYNAMODB").build();
    }

    /** Applies region, credentials, HTTP client and endpoint override to any SDK client builder. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder, String service) {
        builder.region(region()).credentialsProvider(credentials()).httpClient(httpClient);
        endpoint(service).ifPresent(builder::endpointOverride);
        return builder;
    }

    Region region() {
        return Region.of(env.optional("AWS_REGION").orElseGet(() -> env.require("AWS_DEFAULT_REGION")));
    }

    /**
     * With SnapStart, Lambda serves credentials through the container endpoint (they must not be
     * frozen into the snapshot); otherwise it sets them as environment variables.
     */
    AwsCredentialsProvider credentials() {
        if (env.optional("AWS_CONTAINER_CREDENTIALS_FULL_URI").isPresent()) {
            return ContainerCredentialsProvider.builder().build();
        }
        String accessKey = env.require("AWS_ACCESS_KEY_ID");
        String secretKey = env.require("AWS_SECRET_ACCESS_KEY");
        return StaticCredentialsProvider.create(env.optional("AWS_SESSION_TOKEN")
                .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(token -> AwsSessionCredentials.create(accessKey, secretKey, token))
                .orElseGet(() -> AwsBasicCredentials.create(accessKey, secretKey)));
    }

    Optional<URI> endpoint(String service) {
        return env.optional("AWS_ENDPOINT_URL_" + service).or(() -> env.optional("AWS_ENDPOINT_URL")).map(URI::create);
    }
}
