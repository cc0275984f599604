import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs one function the way the Lambda Java runtime does, in a fresh JVM, and prints its timings as one JSON line:
 * the handler's construction (init), then its first invocation, then the median of warm ones. With --prime, the
 * handler's SnapStart priming (beforeCheckpoint) runs between init and the first invocation, as it does before the
 * snapshot a restored container starts from. A yardstick for the benchmarks, not part of the product.
 *
 * <p>Usage: java ColdStart JAR HANDLER EVENTS [--prime] [--warm N]. EVENTS is one event file, used for every
 * invocation, or a folder whose files (sorted) are used one per invocation, so each does the same work.
 */
public final class ColdStart {

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        String[] handler = args[1].split("::");
        List<byte[]> events = events(Path.of(args[2]));
        boolean prime = Arrays.asList(args).contains("--prime");
        int warm = option(args, "--warm", 0);

        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        long started = System.nanoTime();
        Class<?> type = Class.forName(handler[0], true, loader);
        Object instance = type.getConstructor().newInstance();
        long init = System.nanoTime() - started;
        Class<?> contextType = Class.forName("com.amazonaws.services.lambda.runtime.Context", false, loader);
        Method method = type.getMethod(handler[1], InputStream.class, OutputStream.class, contextType);
        Object context = context(loader, contextType);
        long priming = 0;
        if (prime) {
            long before = System.nanoTime();
            type.getMethod("beforeCheckpoint", Class.forName("org.crac.Context", false, loader))
                    .invoke(instance, (Object) null);
            priming = System.nanoTime() - before;
        }
        long first = invoke(method, instance, events.get(0), context);
        long[] times = new long[warm];
        for (int i = 0; i < warm; i++) {
            times[i] = invoke(method, instance, events.get((i + 1) % events.size()), context);
        }
        Arrays.sort(times);
        System.out.printf("{\"initMs\":%.1f,\"primingMs\":%.1f,\"firstMs\":%.1f,\"warmMedianMs\":%.1f}%n",
                init / 1e6, priming / 1e6, first / 1e6, warm == 0 ? 0 : times[warm / 2] / 1e6);
    }

    private static List<byte[]> events(Path path) throws java.io.IOException {
        if (!Files.isDirectory(path)) {
            return List.of(Files.readAllBytes(path));
        }
        try (Stream<Path> files = Files.list(path)) {
            List<byte[]> events = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                events.add(Files.readAllBytes(file));
            }
            return events;
        }
    }

    private static long invoke(Method method, Object handler, byte[] event, Object context) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long started = System.nanoTime();
        method.invoke(handler, new ByteArrayInputStream(event), out, context);
        return System.nanoTime() - started;
    }

    private static int option(String[] args, String name, int fallback) {
        int at = Arrays.asList(args).indexOf(name);
        return at < 0 ? fallback : Integer.parseInt(args[at + 1]);
    }

    /** A Context from the jar's own interfaces, its logger silent. */
    private static Object context(ClassLoader loader, Class<?> contextType) throws ClassNotFoundException {
        Class<?> loggerType = Class.forName("com.amazonaws.services.lambda.runtime.LambdaLogger", false, loader);
        Object logger = Proxy.newProxyInstance(loader, new Class<?>[] {loggerType}, (proxy, m, a) -> null);
        return Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (proxy, m, a) -> switch (m.getName()) {
            case "getLogger" -> logger;
            case "getRemainingTimeInMillis" -> 60_000;
            case "getMemoryLimitInMB" -> 1024;
            case "getAwsRequestId", "getFunctionName", "getFunctionVersion" -> "benchmark";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == a[0];
            default -> null;
        });
    }
}
