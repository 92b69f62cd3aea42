package dev.checkout.local.stepfunctions.asl;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CreateStateMachine's validation: each broken definition is refused with a message that says what and where. */
@Tag("unit")
class DefinitionParserTest {

    private static final String PASS_END = "{\"Type\": \"Pass\", \"End\": true}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing StartAt | {\"States\": {\"A\": " + PASS_END + "}} | 'StartAt' is required",
        "unknown StartAt target | {\"StartAt\": \"B\", \"States\": {\"A\": " + PASS_END + "}} | Missing 'StartAt' target: B",
        "unknown Next | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"Z\"}}} | Missing 'Next' target: Z at /States/A/Next",
        "unknown Default | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Choice\", \"Choices\": [{\"Variable\": \"$.x\", \"IsNull\": true, \"Next\": \"A\"}], \"Default\": \"Z\"}}} | Missing 'Default' target: Z",
        "unknown Catch target | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::lambda:invoke\", \"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"Next\": \"Z\"}], \"End\": true}}} | Missing 'Next' target: Z at /States/A/Catch/0/Next",
        "unreachable state | {\"StartAt\": \"A\", \"States\": {\"A\": " + PASS_END + ", \"B\": " + PASS_END + "}} | UNREACHABLE_STATE: State 'B'",
        "both End and Next | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"A\", \"End\": true}}} | both 'Next' and 'End'",
        "neither End nor Next | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\"}}} | needs 'Next' or 'End: true'",
        "Succeed with Next | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\", \"Next\": \"A\"}}} | cannot have 'Next' or 'End'",
        "invalid InputPath | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"InputPath\": \"foo\", \"End\": true}}} | 'InputPath' must be a valid Reference Path",
        "indefinite ResultPath | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"ResultPath\": \"$.a[*]\", \"End\": true}}} | 'ResultPath' must be a valid Reference Path",
        "invalid Parameters path | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Parameters\": {\"x.$\": \"nope\"}, \"End\": true}}} | not a valid JSONPath at /States/A/Parameters/x.$",
        "unknown intrinsic | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Parameters\": {\"x.$\": \"States.Nope(1)\"}, \"End\": true}}} | unknown intrinsic function States.Nope",
        "intrinsic arity | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Parameters\": {\"x.$\": \"States.ArrayLength(1, 2)\"}, \"End\": true}}} | takes 1 arguments, got 2",
        "States.ALL not last | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::lambda:invoke\", \"Retry\": [{\"ErrorEquals\": [\"States.ALL\"]}, {\"ErrorEquals\": [\"X\"]}], \"End\": true}}} | States.ALL must appear alone in the last",
        "negative MaxAttempts | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::lambda:invoke\", \"Retry\": [{\"ErrorEquals\": [\"X\"], \"MaxAttempts\": -1}], \"End\": true}}} | MaxAttempts must be a non-negative integer",
        "BackoffRate below one | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::lambda:invoke\", \"Retry\": [{\"ErrorEquals\": [\"X\"], \"BackoffRate\": 0.5}], \"End\": true}}} | BackoffRate must be a number of at least 1.0",
        "bad JitterStrategy | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::lambda:invoke\", \"Retry\": [{\"ErrorEquals\": [\"X\"], \"JitterStrategy\": \"SOME\"}], \"End\": true}}} | JitterStrategy must be FULL or NONE",
        "unknown state type | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Sleep\", \"End\": true}}} | Unknown state type 'Sleep'",
        "unsupported resource | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::sns:publish\", \"End\": true}}} | Unsupported resource 'arn:aws:states:::sns:publish'",
        "token not passed | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::sqs:sendMessage.waitForTaskToken\", \"Parameters\": {\"QueueUrl\": \"q\", \"MessageBody\": \"x\"}, \"End\": true}}} | must pass $$.Task.Token",
        "wait without duration | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Wait\", \"End\": true}}} | exactly one of Seconds",
        "choice rule without operator | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Choice\", \"Choices\": [{\"Variable\": \"$.x\", \"Next\": \"A\"}]}}} | exactly one comparison",
        "distributed map | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Map\", \"ItemProcessor\": {\"ProcessorConfig\": {\"Mode\": \"DISTRIBUTED\"}, \"StartAt\": \"B\", \"States\": {\"B\": " + PASS_END + "}}, \"End\": true}}} | Distributed Map is not supported",
        "broken branch | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Parallel\", \"Branches\": [{\"StartAt\": \"X\", \"States\": {\"B\": " + PASS_END + "}}], \"End\": true}}} | at /States/A/Branches/0/StartAt",
        "not json | {\"StartAt\": | INVALID_JSON_DESCRIPTION",
    })
    void parse_refusesBrokenDefinition_explainingWhatAndWhere(String description, String definition, String expected) {
        InvalidDefinitionException error = assertThrows(InvalidDefinitionException.class, () -> DefinitionParser.parse(definition));

        assertTrue(error.getMessage().contains(expected), () -> description + ": " + error.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "choice without default | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Choice\", \"Choices\": [{\"Variable\": \"$.x\", \"IsNull\": true, \"Next\": \"B\"}]}, \"B\": {\"Type\": \"Succeed\"}}}",
        "lambda arn with alias | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:eu-west-1:123456789012:function:reserve-stock:live\", \"End\": true}}}",
        "dynamodb | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::dynamodb:updateItem\", \"Parameters\": {\"TableName\": \"t\"}, \"End\": true}}}",
        "bracket paths | {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"InputPath\": \"$['a b'].c[0]\", \"ResultPath\": \"$['x']\", \"End\": true}}}",
    })
    void parse_acceptsValidDefinition(String description, String definition) {
        assertDoesNotThrow(() -> DefinitionParser.parse(definition), description);
    }
}
