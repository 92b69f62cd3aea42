package dev.checkout.local.stepfunctions;

import java.time.Instant;

/** What DescribeStateMachine returns for a state machine (Standard type, always ACTIVE while it exists). */
public record StateMachineDescription(String stateMachineArn, String name, String definition, String roleArn,
                                      Instant creationDate) {
}
