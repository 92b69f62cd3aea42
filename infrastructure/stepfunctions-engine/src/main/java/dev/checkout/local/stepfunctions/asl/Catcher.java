package dev.checkout.local.stepfunctions.asl;

import java.util.List;

/**
 * One entry of a state's {@code Catch} field.
 *
 * @param resultPath where the error output goes in the state's input; null discards it
 */
public record Catcher(List<String> errorEquals, String next, String resultPath) {
}
