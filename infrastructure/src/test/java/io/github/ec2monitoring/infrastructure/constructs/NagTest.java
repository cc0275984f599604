package io.github.ec2monitoring.infrastructure.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.ec2monitoring.infrastructure.TestApps;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.sqs.Queue;

/**
 * Proves the suppression helpers really suppress, and only what they name. The counting tests build apps without
 * cdk.json's feature flags, whose {@code annotationsInValidationReport} turns any nag error into a failed synth.
 */
class NagTest {

    @Test
    void withTheProjectsFeatureFlagsAnUnsuppressedFindingFailsTheSynth() {
        Stack stack = new Stack(TestApps.newApp(), "Test");
        Queue.Builder.create(stack, "Queue").enforceSsl(true).build();
        Aspects.of(stack.getNode().getScope()).add(new AwsSolutionsChecks());

        RuntimeException failed = assertThrows(RuntimeException.class, () -> Annotations.fromStack(stack));

        assertTrue(failed.getMessage().contains("Validation failed"), failed.getMessage());
    }

    private static int errors(Stack stack, String rule) {
        Aspects.of(stack.getNode().getScope()).add(new AwsSolutionsChecks());
        return Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp(rule + ".*")).size();
    }

    @Test
    void anUnsuppressedFindingIsAnError() {
        Stack stack = new Stack(new App(), "Test");
        Queue.Builder.create(stack, "Queue").enforceSsl(true).build();

        assertEquals(1, errors(stack, "AwsSolutions-SQS3"));
    }

    @Test
    void suppressRemovesTheFindingOnThatResource() {
        Stack stack = new Stack(new App(), "Test");
        Nag.suppress(Queue.Builder.create(stack, "Queue").enforceSsl(true).build(), "AwsSolutions-SQS3", "this queue is a dead-letter queue");

        assertEquals(0, errors(stack, "AwsSolutions-SQS3"));
    }

    @Test
    void suppressMatchingLeavesOtherWildcardsReported() {
        Stack stack = new Stack(new App(), "Test");
        Role role = Role.Builder.create(stack, "Role").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(java.util.List.of("cloudwatch:PutMetricAlarm"))
                .resources(java.util.List.of("arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-*"))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(java.util.List.of("s3:GetObject"))
                .resources(java.util.List.of("arn:aws:s3:::bucket/*"))
                .build());
        Nag.suppressMatching(role, "AwsSolutions-IAM5", "alarm names are known at run time", ":alarm:web-\\*$");

        assertEquals(1, errors(stack, "AwsSolutions-IAM5"));
    }
}
