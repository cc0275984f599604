package io.github.ec2monitoring.infrastructure.constructs;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.ec2monitoring.infrastructure.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.logs.RetentionDays;

class JavaFunctionTest {

    private static Template template;

    @BeforeAll
    static void synthesize() {
        Stack stack = new Stack(TestApps.newApp(), "Test");
        new JavaFunction(stack, "Fn", new JavaFunctionProps(TestApps.dummyCode(), "a.b.Handler::handleRequest",
                "test", Map.of("KEY", "value"), 1024, Duration.seconds(30), RetentionDays.ONE_YEAR));
        template = Template.fromStack(stack);
    }

    @Test
    void runsJava25OnArm64WithSnapStartAndJsonLogs() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java25",
                "Architectures", List.of("arm64"),
                "Handler", "a.b.Handler::handleRequest",
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "LoggingConfig", Match.objectLike(Map.of("LogFormat", "JSON"))));
    }

    @Test
    void aliasPointsAtAPublishedVersion() {
        template.resourceCountIs("AWS::Lambda::Version", 1);
        template.hasResourceProperties("AWS::Lambda::Alias", Map.of(
                "Name", "live",
                "FunctionVersion", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("FnCurrentVersion.*"), "Version"))));
    }

    @Test
    void failedAsyncInvocationsOfTheAliasGoToAnEncryptedDeadLetterQueue() {
        template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "MaximumRetryAttempts", 2,
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                        Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("FnDeadLetterQueue.*"), "Arn")))),
                "Qualifier", Match.anyValue()));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("SqsManagedSseEnabled", true,
                "MessageRetentionPeriod", 1_209_600));
    }

    @Test
    void logsGoToItsOwnGroupWithRetention() {
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 365));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("LoggingConfig", Match.objectLike(Map.of(
                "LogGroup", Map.of("Ref", Match.stringLikeRegexp("FnLogGroup.*"))))));
    }

    /** Accounts whose concurrency quota is 10 refuse any reservation and roll the whole stack back. */
    @Test
    void reservesNoConcurrency() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("ReservedConcurrentExecutions", Match.absent()));
    }

    @Test
    void roleHasNoManagedPolicies() {
        template.hasResourceProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", Match.absent()));
    }

    @Test
    void refusesAHandlerTheRuntimeCouldNotLoad() {
        assertThrows(IllegalArgumentException.class, () -> new JavaFunctionProps(TestApps.dummyCode(),
                "a.b.Handler", "x", Map.of(), 512, Duration.seconds(3), RetentionDays.ONE_DAY));
    }
}
