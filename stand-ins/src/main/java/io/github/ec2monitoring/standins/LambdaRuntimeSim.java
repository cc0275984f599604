package io.github.ec2monitoring.standins;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Loads a handler the way the Lambda Java runtime does: the {@code Handler} string, a class loader holding only the
 * function's jar, the no-arg constructor, and the event JSON handed to {@code handleRequest(InputStream,
 * OutputStream, Context)} as bytes. Both functions are stream handlers, so nothing else is needed.
 */
public final class LambdaRuntimeSim implements AutoCloseable {

    private final URLClassLoader loader;
    private final Object handler;
    private final Method method;
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final List<String> timedLogLines = new CopyOnWriteArrayList<>();

    public LambdaRuntimeSim(Path jar, String handlerString) throws ReflectiveOperationException, IOException {
        String[] parts = handlerString.split("::");
        loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Class<?> type = Class.forName(parts[0], true, loader);
        handler = type.getConstructor().newInstance();
        Class<?> contextType = Class.forName("com.amazonaws.services.lambda.runtime.Context", false, loader);
        method = type.getMethod(parts[1], InputStream.class, OutputStream.class, contextType);
    }

    /**
     * Invokes with the event JSON; returns what the handler wrote. A failure is rethrown as an {@link AssertionError}
     * naming it: its own class lives in the function's class loader.
     */
    public String invoke(byte[] eventJson) throws ReflectiveOperationException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            method.invoke(handler, new ByteArrayInputStream(eventJson), out, context());
        } catch (InvocationTargetException e) {
            throw new AssertionError("handler failed: " + e.getCause(), null);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What the handler logged through the context's logger. */
    public List<String> logLines() {
        return List.copyOf(logLines);
    }

    /** The same lines, each after the time it was logged, as CloudWatch Logs shows them. */
    public List<String> timedLogLines() {
        return List.copyOf(timedLogLines);
    }

    /** A Context built from the jar's own interfaces, as the runtime's context is. */
    private Object context() throws ClassNotFoundException {
        Class<?> contextType = Class.forName("com.amazonaws.services.lambda.runtime.Context", false, loader);
        Class<?> loggerType = Class.forName("com.amazonaws.services.lambda.runtime.LambdaLogger", false, loader);
        Object logger = Proxy.newProxyInstance(loader, new Class<?>[] {loggerType}, (proxy, m, args) -> {
            if (m.getName().equals("log") && args != null && args.length >= 1) {
                String line = args[0] instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                        : String.valueOf(args[0]);
                logLines.add(line);
                timedLogLines.add(Instant.now() + " " + Thread.currentThread().getName() + " " + line);
            }
            return null;
        });
        return Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (proxy, m, args) -> switch (m.getName()) {
            case "getLogger" -> logger;
            case "getRemainingTimeInMillis" -> 60_000;
            case "getMemoryLimitInMB" -> 1024;
            case "getAwsRequestId" -> "00000000-0000-0000-0000-000000000000";
            case "getFunctionName", "getLogGroupName", "getLogStreamName" -> "it";
            case "getFunctionVersion" -> "1";
            case "getInvokedFunctionArn" -> "arn:aws:lambda:us-east-1:123456789012:function:it:live";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "LambdaRuntimeSim.Context";
            default -> null;
        });
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
