package io.github.ec2monitoring.testsupport;

import io.github.ec2monitoring.standins.MotoServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs one moto server on 127.0.0.1 per test JVM, and resets its state before each test class. */
public final class MotoServerExtension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(MotoServerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("server", key -> MotoServer.start(),
                MotoServer.Running.class);
        MotoServer.reset();
    }
}
