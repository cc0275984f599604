package io.github.ec2monitoring.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StackTemplateTest {

    @Test
    void countsTheAlarmsThatNotifyTheHealthTopicAndNoOther() throws Exception {
        assertEquals(2, StackTemplate.selfAlarms(Path.of("src/test/resources/stack.template.json")));
    }

    @Test
    void saysSoWhenTheStackWasNotSynthesized() throws Exception {
        assertEquals(-1, StackTemplate.selfAlarms(Path.of("no-such-dir/stack.template.json")));
    }
}
