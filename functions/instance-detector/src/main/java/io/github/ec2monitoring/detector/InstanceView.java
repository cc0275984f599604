package io.github.ec2monitoring.detector;

/**
 * An EC2 instance as the detector sees it, without SDK types.
 *
 * @param group its Auto Scaling group (the {@code aws:autoscaling:groupName} tag), or null
 * @param profileArn the instance profile associated with it, or null
 */
public record InstanceView(String id, String state, String group, String profileArn) {}
