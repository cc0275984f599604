package io.github.ec2monitoring.cpualert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {

    static final String WEBHOOK = "https://hooks.slack.com/services/T000/B000/abcdefghijklmnop";
    private final Redactor redactor = new Redactor(() -> WEBHOOK);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "access key id   | key AKIAIOSFODNN7EXAMPLE used      | key [REDACTED] used",
        "session key id  | ASIAIOSFODNN7EXAMPLE              | [REDACTED]",
        "secret key      | aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | aws_secret_access_key=[REDACTED]",
        "password        | login failed password=hunter2 user=bob | login failed password=[REDACTED] user=bob",
        "quoted password | \"password\": \"s3cr3t value\"    | \"password\": [REDACTED]",
        "token           | token: abc.def.ghi                | token: [REDACTED]",
        "api key         | GET /x?api_key=123456&y=1         | GET /x?api_key=[REDACTED]&y=1",
        "bearer header   | Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig | Authorization: Bearer [REDACTED]",
        "bearer alone    | sent bearer eyJhbGciOiJIUzI1NiJ9.payload | sent bearer [REDACTED]",
        "url credentials | fetch https://admin:pa55w0rd@db.internal/x | fetch https://admin:[REDACTED]@db.internal/x",
        "any slack hook  | posting to https://hooks.slack.com/services/T1/B2/xyz failed | posting to [REDACTED] failed",
        "slack token     | using xoxb-123456789012-abcdefghijkl | using [REDACTED]",
        "own webhook     | https://hooks.slack.com/services/T000/B000/abcdefghijklmnop | [REDACTED]",
        "nothing secret  | [core:error] AH00037: Symbolic link not allowed | [core:error] AH00037: Symbolic link not allowed",
    })
    void redactsEachSecretShape(String shape, String line, String expected) {
        assertEquals(expected, redactor.redact(line));
    }
}
