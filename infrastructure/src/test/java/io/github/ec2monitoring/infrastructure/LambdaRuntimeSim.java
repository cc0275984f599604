package io.github.ec2monitoring.infrastructure;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Loads a handler the way the Lambda Java runtime does: the {@code Handler} string, a class loader holding only the
 * function's jar, the no-arg constructor, and the runtime's own event serializers for the handler's input type.
 */
final class LambdaRuntimeSim implements AutoCloseable {

    private final URLClassLoader loader;
    private final Object handler;
    private final Method method;
    private final List<String> logLines = new CopyOnWriteArrayList<>();

    LambdaRuntimeSim(Path jar, String handlerString) throws ReflectiveOperationException, java.io.IOException {
        String[] parts = handlerString.split("::");
        loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Class<?> type = Class.forName(parts[0], true, loader);
        handler = type.getConstructor().newInstance();
        method = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(parts[1]) && !m.isBridge() && !Modifier.isStatic(m.getModifiers()))
                .findFirst()
                .orElseThrow(() -> new NoSuchMethodException(handlerString));
    }

    /**
     * Invokes with the event JSON; returns what a stream handler wrote, or the returned object's string. A failure is
     * rethrown as an {@link AssertionError} naming it: its own class lives in the function's class loader.
     */
    String invoke(byte[] eventJson) throws ReflectiveOperationException {
        Object context = context();
        try {
            if (method.getParameterCount() == 3) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                method.invoke(handler, new ByteArrayInputStream(eventJson), (OutputStream) out, context);
                return out.toString(java.nio.charset.StandardCharsets.UTF_8);
            }
            Class<?> inputType = method.getParameterTypes()[0];
            Object input = deserialize(inputType, new ByteArrayInputStream(eventJson));
            return String.valueOf(method.invoke(handler, input, context));
        } catch (InvocationTargetException e) {
            throw new AssertionError("handler failed: " + e.getCause(), null);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object deserialize(Class<?> inputType, InputStream json) {
        return LambdaEventSerializers.serializerFor((Class) inputType, loader).fromJson(json);
    }

    List<String> logLines() {
        return List.copyOf(logLines);
    }

    /** A Context built from the jar's own interfaces, as the runtime's context is. */
    private Object context() throws ClassNotFoundException {
        Class<?> contextType = Class.forName("com.amazonaws.services.lambda.runtime.Context", false, loader);
        Class<?> loggerType = Class.forName("com.amazonaws.services.lambda.runtime.LambdaLogger", false, loader);
        Object logger = Proxy.newProxyInstance(loader, new Class<?>[] {loggerType}, (proxy, m, args) -> {
            if (m.getName().equals("log") && args != null && args.length >= 1) {
                logLines.add(args[0] instanceof byte[] bytes ? new String(bytes) : String.valueOf(args[0]));
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
    public void close() throws java.io.IOException {
        loader.close();
    }
}
