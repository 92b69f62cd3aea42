/**
 * Stands in for LocalStack's DynamoDB Local agent (ddb-local-loader, downloaded from GitHub, which lifts
 * DynamoDB Local's limit of 20 global secondary indexes): LocalStack always starts DynamoDB Local with
 * -javaagent, and the template has two indexes.
 */
public final class NoOpAgent {
    private NoOpAgent() {
    }

    public static void premain(String arguments) {
    }
}
