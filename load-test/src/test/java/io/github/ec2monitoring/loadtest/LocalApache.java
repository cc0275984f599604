package io.github.ec2monitoring.loadtest;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

/**
 * A real Apache httpd (Debian's apache2) on 127.0.0.1 with its own configuration, document root and error log, and
 * the same {@code LogLevel} the stack's user data sets.
 */
final class LocalApache implements AutoCloseable {

    private static final String MODULES = "/usr/lib/apache2/modules";

    private final Path dir;
    private final int port;
    private final Process process;

    LocalApache(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/sbin/apache2"))) {
            throw new IllegalStateException("apache2 is not installed: scripts/install-test-tools installs it");
        }
        this.dir = dir;
        // The worker user must reach the document root.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(docroot());
        Files.writeString(docroot().resolve("index.html"), "ok\n");
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        String config = String.join("\n",
                "ServerRoot " + dir,
                "ServerName 127.0.0.1",
                "Listen 127.0.0.1:" + port,
                "PidFile " + dir.resolve("apache.pid"),
                "DefaultRuntimeDir " + dir,
                "Mutex file:" + dir + " default",
                "ErrorLog " + errorLog(),
                "LogLevel notice core:info",
                "LoadModule mpm_event_module " + MODULES + "/mod_mpm_event.so",
                "LoadModule authz_core_module " + MODULES + "/mod_authz_core.so",
                "LoadModule dir_module " + MODULES + "/mod_dir.so",
                root ? "User www-data\nGroup www-data" : "",
                "DocumentRoot " + docroot(),
                "<Directory " + docroot() + ">",
                "  AllowOverride None",
                "  Require all granted",
                "</Directory>",
                "DirectoryIndex index.html",
                "");
        Path file = dir.resolve("httpd.conf");
        Files.writeString(file, config);
        process = new ProcessBuilder("/usr/sbin/apache2", "-f", file.toString(), "-DFOREGROUND")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("apache.out").toFile())
                .start();
        awaitReady();
    }

    Path docroot() {
        return dir.resolve("docroot");
    }

    Path errorLog() {
        return dir.resolve("error.log");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("apache2 exited: " + Files.readString(dir.resolve("apache.out")));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl() + "/").toURL().openConnection();
                connection.setConnectTimeout(500);
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("apache2 did not answer on " + baseUrl());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
