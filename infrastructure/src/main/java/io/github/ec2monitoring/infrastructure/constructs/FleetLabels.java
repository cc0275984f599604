package io.github.ec2monitoring.infrastructure.constructs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The part of a fleet alarm's name that says its group. The stack's own group has a generated name, so it gets a
 * fixed label; a group that already exists gets its own name, made safe for alarm names and construct ids, with a
 * short hash of the real name when that changed anything, so that two groups never share a label.
 */
public final class FleetLabels {

    public static final String OWN_GROUP = "web-tier";
    private static final int MAX_NAME = 150;

    private FleetLabels() {}

    /** Never equal to {@link #OWN_GROUP}: existing groups' labels start with "asg-". */
    public static String of(String autoScalingGroupName) {
        String safe = autoScalingGroupName.replaceAll("[^A-Za-z0-9._-]", "-");
        if (safe.length() > MAX_NAME) {
            safe = safe.substring(0, MAX_NAME);
        }
        return "asg-" + (safe.equals(autoScalingGroupName) ? safe : safe + "-" + shortHash(autoScalingGroupName));
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
