package io.github.ec2monitoring.detector;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** The Context of the priming run before SnapStart's snapshot: no request, and a logger that keeps nothing. */
final class PrimingContext implements Context {

    private static final LambdaLogger SILENT = new LambdaLogger() {
        @Override
        public void log(String message) {}

        @Override
        public void log(byte[] message) {}
    };

    @Override
    public String getAwsRequestId() {
        return "priming";
    }

    @Override
    public String getLogGroupName() {
        return "priming";
    }

    @Override
    public String getLogStreamName() {
        return "priming";
    }

    @Override
    public String getFunctionName() {
        return "priming";
    }

    @Override
    public String getFunctionVersion() {
        return "priming";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "priming";
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
        return 60_000;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return SILENT;
    }
}
