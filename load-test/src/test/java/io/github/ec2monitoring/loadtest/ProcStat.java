package io.github.ec2monitoring.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads the kernel's own counters, the same ones the CloudWatch agent reads. */
final class ProcStat {

    private ProcStat() {}

    /** The aggregate "cpu" line of /proc/stat: user nice system idle iowait irq softirq steal. */
    static long[] cpu() throws IOException {
        String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
        return Arrays.stream(line.trim().split("\\s+")).skip(1).limit(8).mapToLong(Long::parseLong).toArray();
    }

    /** Busy share of all cores between two samples: everything but idle and iowait. */
    static double busyPercent(long[] from, long[] to) {
        long total = 0;
        long idle = 0;
        for (int i = 0; i < from.length; i++) {
            long delta = to[i] - from[i];
            total += delta;
            if (i == 3 || i == 4) {
                idle += delta;
            }
        }
        return 100.0 * (total - idle) / total;
    }

    /** Bytes received on the loopback interface (/proc/net/dev). */
    static long loopbackBytes() throws IOException {
        return Files.readAllLines(Path.of("/proc/net/dev")).stream()
                .map(String::trim)
                .filter(line -> line.startsWith("lo:"))
                .map(line -> Long.parseLong(line.substring(3).trim().split("\\s+")[0]))
                .findFirst()
                .orElseThrow();
    }
}
