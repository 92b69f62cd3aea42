package dev.checkout.benchmark;

/**
 * AWS list prices, us-east-1, on-demand, first pricing tier, without free tiers, as taken on
 * {@value #TAKEN_ON}. Each price names where it was read. Update the figures and the date together.
 */
final class AwsPrices {
    static final String TAKEN_ON = "2026-11-22";

    /** A price per unit, with where it came from. */
    record Price(String item, double usdPerMillion, String unit, String source) {
    }

    static final Price LAMBDA_REQUESTS = new Price("Lambda requests", 0.20, "requests",
            "aws.amazon.com/lambda/pricing (figure as quoted by cloudchipr.com/blog/aws-lambda-pricing)");
    /** $0.0000133334 per GB-second, Arm, first 7.5 billion GB-s a month. */
    static final Price LAMBDA_ARM_GB_SECONDS = new Price("Lambda arm64 duration", 13.3334, "GB-seconds",
            "aws.amazon.com/lambda/pricing (figure as quoted by cloudchipr.com/blog/aws-lambda-pricing)");
    static final Price DYNAMODB_READ_REQUEST_UNITS = new Price("DynamoDB on-demand reads", 0.125, "read request units",
            "aws.amazon.com/dynamodb/pricing/on-demand (after the November 2024 cut; figure as quoted by airbyte.com/data-engineering-resources/dynamodb-pricing)");
    static final Price DYNAMODB_WRITE_REQUEST_UNITS = new Price("DynamoDB on-demand writes", 0.625, "write request units",
            "aws.amazon.com/dynamodb/pricing/on-demand (after the November 2024 cut; figure as quoted by airbyte.com/data-engineering-resources/dynamodb-pricing)");
    static final Price SQS_REQUESTS = new Price("SQS standard requests", 0.40, "requests (64 KB chunks)",
            "aws.amazon.com/sqs/pricing (figure as quoted by cloudburn.io/blog/amazon-sqs-pricing, March 2026)");
    static final Price STATE_TRANSITIONS = new Price("Step Functions Standard", 25.0, "state transitions",
            "aws.amazon.com/step-functions/pricing ($0.025 per 1,000 state transitions)");
    static final Price HTTP_API_REQUESTS = new Price("API Gateway HTTP API", 1.00, "requests (first 300 million a month)",
            "aws.amazon.com/api-gateway/pricing (figure as quoted by apigatewaycost.com/aws)");

    private AwsPrices() {
    }
}
