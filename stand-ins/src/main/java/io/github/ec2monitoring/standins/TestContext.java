package io.github.ec2monitoring.standins;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A Lambda context whose logger keeps every line, so tests can assert on what a handler logged. */
public final class TestContext implements Context {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Consumer<String> echo;
    private final int remainingMillis;
    private final LambdaLogger logger = new LambdaLogger() {
        @Override
        public void log(String message) {
            lines.add(message);
            echo.accept(message);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    };

    /** Echoes each logged line to stdout, as the Lambda runtime does. */
    public TestContext() {
        this(System.out::println);
    }

    /** @param echo receives each logged line as well */
    public TestContext(Consumer<String> echo) {
        this(echo, 60_000);
    }

    /**
     * @param echo receives each logged line as well
     * @param remainingMillis what {@link #getRemainingTimeInMillis()} answers: the invocation's time left
     */
    public TestContext(Consumer<String> echo, int remainingMillis) {
        this.echo = echo;
        this.remainingMillis = remainingMillis;
    }

    public List<String> logLines() {
        return List.copyOf(lines);
    }

    public String logText() {
        return String.join("\n", lines);
    }

    @Override
    public String getAwsRequestId() {
        return "00000000-0000-0000-0000-000000000000";
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/test";
    }

    @Override
    public String getLogStreamName() {
        return "test";
    }

    @Override
    public String getFunctionName() {
        return "test";
    }

    @Override
    public String getFunctionVersion() {
        return "1";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:123456789012:function:test:live";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMillis;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 512;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }
}
