package io.github.ec2monitoring.standins;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The local AWS emulator: one moto server on 127.0.0.1, and SDK clients pointed at it. Tests start it through
 * {@code MotoServerExtension} (test-support), the lab with {@link #start()}.
 *
 * <p>The server comes from the project's virtualenv, created on first use by {@code emulator/ensure-venv.sh} from
 * the pinned {@code emulator/requirements.txt}.
 */
public final class MotoServer {

    public static final Region REGION = Region.US_EAST_1;
    public static final String ACCOUNT_ID = "123456789012";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static volatile URI endpoint;

    private MotoServer() {}

    /** Forgets every resource in the emulator; for tests that need a clean slate per test, not per class. */
    public static void reset() throws IOException {
        post(endpoint().resolve("/moto-api/reset"));
    }

    /** The emulator's endpoint; valid once the extension has run for the current test class. */
    public static URI endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("MotoServer is not running: annotate the test with "
                    + "@ExtendWith(MotoServerExtension.class), or call MotoServer.start()");
        }
        return endpoint;
    }

    /** Points an SDK client builder at the emulator with dummy credentials. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return client(builder, new CallCounter());
    }

    /** As {@link #client(AwsClientBuilder)}, counting the client's calls. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder,
            CallCounter counter) {
        return client(builder, counter, endpoint());
    }

    /** As {@link #client(AwsClientBuilder)}, through another endpoint, such as an {@link AwsFront}. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder,
            CallCounter counter, URI endpoint) {
        return client(builder, counter, endpoint, ClientOverrideConfiguration.builder().build());
    }

    /** As {@link #client(AwsClientBuilder, CallCounter, URI)}, with the production client's overrides (retries). */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder,
            CallCounter counter, URI endpoint, ClientOverrideConfiguration overrides) {
        return builder.endpointOverride(endpoint)
                .overrideConfiguration(overrides.toBuilder().addExecutionInterceptor(counter).build())
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /**
     * Sets the SDK's system properties so clients built the production way (no-arg handler constructors) reach the
     * emulator too.
     */
    public static void useForDefaultClients() {
        System.setProperty("aws.endpointUrl", endpoint().toString());
        System.setProperty("aws.region", REGION.id());
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
    }

    /**
     * Starts a moto server outside JUnit, as the teaching lab does; {@link #endpoint()} and {@link #client} use it
     * until it is closed.
     */
    public static Running start() {
        try {
            Path root = projectRoot();
            String motoServer = ensureInstalled(root);
            int port = freePort();
            Path log = root.resolve("target").resolve("moto-server-" + port + ".log");
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(motoServer, "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            URI uri = URI.create("http://127.0.0.1:" + port);
            awaitReady(process, uri, log);
            endpoint = uri;
            return new Running(process);
        } catch (IOException e) {
            throw new IllegalStateException("could not start moto server: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting moto server", e);
        }
    }

    private static Path projectRoot() {
        String configured = System.getProperty("project.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("emulator/ensure-venv.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("emulator/ensure-venv.sh not found above " + start);
    }

    private static String ensureInstalled(Path root) throws IOException, InterruptedException {
        Process install = new ProcessBuilder("bash", root.resolve("emulator/ensure-venv.sh").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String path = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (install.waitFor() != 0 || !new File(path).canExecute()) {
            throw new IllegalStateException("emulator/ensure-venv.sh failed; see the output above");
        }
        return path;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitReady(Process process, URI uri, Path log) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto server exited: " + Files.readString(log));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) uri.resolve("/moto-api/").toURL().openConnection();
                connection.setConnectTimeout(500);
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("moto server did not answer within " + START_TIMEOUT + "; log: " + log);
    }

    private static void post(URI uri) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.getOutputStream().close();
        int status = connection.getResponseCode();
        if (status != 200) {
            throw new IOException("POST " + uri + " answered " + status);
        }
        try (InputStream body = connection.getInputStream()) {
            body.transferTo(OutputStream.nullOutputStream());
        }
    }

    /** A started server; closing it stops the process. */
    public record Running(Process process) implements AutoCloseable {
        @Override
        public void close() {
            process.destroy();
        }
    }
}
