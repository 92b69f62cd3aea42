package dev.checkout.local.services;

import dev.checkout.local.services.TableDefinitions.TableDefinition;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * DynamoDB Local and ElasticMQ, started together, with the template's tables created. Tests share
 * one instance per JVM through {@link #shared()}; the local cloud starts its own on fixed ports.
 */
public final class LocalServices implements AutoCloseable {
    public static final Region REGION = Region.US_EAST_1;
    public static final String ACCOUNT_ID = "000000000000";

    private static LocalServices shared;

    private final DynamoDbLocal dynamoDb;
    private final ElasticMq sqs;
    private final DynamoDbClient dynamoDbClient;
    private final SqsClient sqsClient;
    private final DynamoDbStreamsClient dynamoDbStreamsClient;
    private final Map<String, TableDefinition> tables = new LinkedHashMap<>();

    private LocalServices(DynamoDbLocal dynamoDb, ElasticMq sqs) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.dynamoDbClient = DynamoDbClient.builder()
                .endpointOverride(dynamoDb.endpoint())
                .region(REGION)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        this.sqsClient = SqsClient.builder()
                .endpointOverride(sqs.endpoint())
                .region(REGION)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        this.dynamoDbStreamsClient = DynamoDbStreamsClient.builder()
                .endpointOverride(dynamoDb.endpoint())
                .region(REGION)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static LocalServices start(int dynamoDbPort, int sqsPort) {
        return new LocalServices(DynamoDbLocal.start(dynamoDbPort), ElasticMq.start(sqsPort));
    }

    /** One instance for the whole test JVM, on free ports, with the project's tables created. */
    public static synchronized LocalServices shared() {
        if (shared == null) {
            shared = start(0, 0);
            shared.createTables(SamTemplate.ofProject());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "local-services-stop"));
        }
        return shared;
    }

    /** Credentials that DynamoDB Local and ElasticMQ accept. */
    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    /** Creates every table of the template (dropping a table of the same name first). */
    public void createTables(SamTemplate template) {
        for (TableDefinition table : TableDefinitions.from(template)) {
            try {
                dynamoDbClient.deleteTable(DeleteTableRequest.builder().tableName(table.tableName()).build());
            } catch (ResourceNotFoundException absent) {
                // nothing to drop
            }
            dynamoDbClient.createTable(table.createRequest());
            if (table.ttlAttribute() != null) {
                dynamoDbClient.updateTimeToLive(r -> r.tableName(table.tableName())
                        .timeToLiveSpecification(TimeToLiveSpecification.builder().attributeName(table.ttlAttribute()).enabled(true).build()));
            }
            tables.put(table.logicalId(), table);
        }
    }

    /** The physical name of the table with template logical id {@code logicalId}. */
    public String tableName(String logicalId) {
        TableDefinition table = tables.get(logicalId);
        if (table == null) {
            throw new IllegalArgumentException("no table " + logicalId + " was created; known: " + tables.keySet());
        }
        return table.tableName();
    }

    public List<TableDefinition> tables() {
        return List.copyOf(tables.values());
    }

    /** DynamoDB's per-item throughput limits on the local DynamoDB: off until set. */
    public ItemThroughputLimiter dynamoDbItemLimits() {
        return dynamoDb.itemLimits();
    }

    public URI dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    /** Where DynamoDB Local and ElasticMQ listen, by name: the addresses their sockets are bound to (loopback). */
    public Map<String, InetSocketAddress> boundAddresses() {
        return Map.of("dynamodb", dynamoDb.boundAddress(), "sqs", sqs.boundAddress());
    }

    public URI sqsEndpoint() {
        return sqs.endpoint();
    }

    public DynamoDbClient dynamoDbClient() {
        return dynamoDbClient;
    }

    public SqsClient sqsClient() {
        return sqsClient;
    }

    /** DynamoDB Local's Streams API (ListStreams, DescribeStream, GetShardIterator, GetRecords). */
    public DynamoDbStreamsClient dynamoDbStreamsClient() {
        return dynamoDbStreamsClient;
    }

    /** The ARN of the stream of the table with template logical id {@code logicalId}, if the template gives it one. */
    public Optional<String> streamArn(String logicalId) {
        String arn = dynamoDbClient.describeTable(r -> r.tableName(tableName(logicalId))).table().latestStreamArn();
        return Optional.ofNullable(arn);
    }

    @Override
    public void close() {
        dynamoDbClient.close();
        dynamoDbStreamsClient.close();
        sqsClient.close();
        sqs.close();
        dynamoDb.close();
    }
}
