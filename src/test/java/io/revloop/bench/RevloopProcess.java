package io.revloop.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * revloop as a separate operating-system process ({@code java io.revloop.RevloopApplication}), so that it can be
 * measured (resident memory, start to ready) and killed with SIGKILL like a crashed container.
 */
final class RevloopProcess {

    static final String ADMIN_USER = "operator";
    static final String ADMIN_PASSWORD = "bench-only-password";

    private final Process process;
    private final int port;
    private final long startedNanos;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private long readyNanos;
    private long peakHeapBytes;

    private RevloopProcess(Process process, int port, long startedNanos) {
        this.process = process;
        this.port = port;
        this.startedNanos = startedNanos;
    }

    /** Starts revloop with {@code properties} as system properties; its output is appended to {@code log}. */
    static RevloopProcess start(Map<String, String> properties, int port, Path log, String maxHeap) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx" + maxHeap);
        command.add("-cp");
        command.add(applicationClasspath());
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-Dserver.port=" + port);
        command.add("-Drevloop.admin.user=" + ADMIN_USER);
        command.add("-Drevloop.admin.password=" + ADMIN_PASSWORD);
        command.add("io.revloop.RevloopApplication");
        try {
            Files.createDirectories(log.getParent());
            long started = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            // a driver that dies (Ctrl-C, failed assertion) must not leave revloop running
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "revloop-child-kill"));
            return new RevloopProcess(p, port, started);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start revloop", e);
        }
    }

    /** The driver's class path without its test classes: revloop runs as it would in production. */
    private static String applicationClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.replace('\\', '/').endsWith("test-classes")
                        && !entry.replace('\\', '/').endsWith("test-classes/"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Waits until {@code /actuator/health/readiness} answers UP; returns the time from process start. */
    Duration awaitReady(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("revloop exited with " + process.exitValue() + " before it was ready");
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    readyNanos = System.nanoTime();
                    return Duration.ofNanos(readyNanos - startedNanos);
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        throw new IllegalStateException("revloop not ready within " + bound);
    }

    /** SIGKILL on Linux: no shutdown hook, no flush, no graceful stop of routes. */
    /** What a liveness probe sees: {@code /actuator/health/liveness} answers 200 within 2 s. */
    boolean live() {
        try {
            return http.send(HttpRequest.newBuilder(uri("/actuator/health/liveness")).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    void stop() {
        process.destroy();
        waitFor();
    }

    private void waitFor() {
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** A line of {@code /proc/<pid>/status} in KiB, e.g. VmHWM (peak resident) or VmRSS; -1 when unavailable. */
    long procStatusKib(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /** Samples {@code jvm.memory.used{area=heap}} through the actuator and keeps the highest value seen. */
    void sampleHeap() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/actuator/metrics/jvm.memory.used?tag=area:heap"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (ADMIN_USER + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"value\":([0-9.E+]+)").matcher(r.body());
            if (r.statusCode() == 200 && m.find()) {
                peakHeapBytes = Math.max(peakHeapBytes, (long) Double.parseDouble(m.group(1)));
            }
        } catch (IOException e) {
            // a sample missed; the next one counts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long peakHeapBytes() {
        return peakHeapBytes;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
