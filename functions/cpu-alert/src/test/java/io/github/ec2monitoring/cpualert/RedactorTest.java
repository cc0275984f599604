package io.github.ec2monitoring.cpualert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {

    static final String WEBHOOK = "https://hooks.slack.com/services/T000/B000/abcdefghijklmnop";
    private final Redactor redactor = new Redactor(() -> WEBHOOK, true);

    /** Each shape with the secret it hides: the line redacted, and no three characters of the secret left. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "access key id   | key AKIAIOSFODNN7EXAMPLE used      | AIOSFODNN7EXAMPLE | key [REDACTED] used",
        "session key id  | ASIAIOSFODNN7EXAMPLE              | AIOSFODNN7EXAMPLE | [REDACTED]",
        "secret key      | aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | wJalrXUtnFEMI | aws_secret_access_key=[REDACTED]",
        "password        | login failed password=hunter2 user=bob | hunter2 | login failed password=[REDACTED] user=bob",
        "password comma  | password=hun,ter2; next           | hun,ter2          | password=[REDACTED]; next",
        "quoted password | \"password\": \"s3cr3t value\"    | s3cr3t value      | \"password\": [REDACTED]",
        "token           | token: abc.def.ghi                | abc.def.ghi       | token: [REDACTED]",
        "api key         | GET /x?api_key=123456&y=1         | 123456            | GET /x?api_key=[REDACTED]&y=1",
        "bearer header   | Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig | eyJhbGciOiJIUzI1NiJ9 | Authorization: Bearer [REDACTED]",
        "bearer alone    | sent bearer eyJhbGciOiJIUzI1NiJ9.payload | eyJhbGciOiJIUzI1NiJ9 | sent bearer [REDACTED]",
        "url credentials | fetch https://admin:pa55w0rd@db.internal/x | pa55w0rd | fetch https://admin:[REDACTED]@db.internal/x",
        "url with @      | connect postgresql://app:p@ss@db:5432/app | p@ss | connect postgresql://app:[REDACTED]@db:5432/app",
        "jwt             | login jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl ok | eyJzdWIiOiIxIn0 | login jwt=[REDACTED] ok",
        "bare jwt        | session eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl end | c2lnbmF0dXJl | session [REDACTED] end",
        "passphrase      | unlock passphrase=correct-horse-battery | correct-horse | unlock passphrase=[REDACTED]",
        "cookie          | Cookie: sid=31d4d96e407aad42; theme=dark | 31d4d96e407aad42 | Cookie: [REDACTED]",
        "set-cookie      | Set-Cookie: sid=31d4d96e407aad42; Secure; HttpOnly | 31d4d96e407aad42 | Set-Cookie: [REDACTED]",
        "mysql -p        | CRON[9]: (root) CMD (mysqldump -u root -phunter2 app) | hunter2 | CRON[9]: (root) CMD (mysqldump -u root -p[REDACTED] app)",
        "env secret      | SECRET_KEY_BASE=9f8e7d6c5b4a39281706 rails | 9f8e7d6c5b4a | SECRET_KEY_BASE=[REDACTED] rails",
        "env token       | export GITHUB_TOKEN=ghp_abcdefghijklmnop1234 | ghp_abcdefghij | export GITHUB_TOKEN=[REDACTED]",
        "private key     | -----BEGIN RSA PRIVATE KEY----- MIIEowIBAAKCAQEA7 -----END RSA PRIVATE KEY----- x | MIIEowIBAAKCAQEA7 | [REDACTED] x",
        "key without end | -----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAA | b3BlbnNzaC1rZXkt | [REDACTED]",
        "key body line   | MIIEowIBAAKCAQEA7Zq3n2b6Yx8wJ0d9sT4Lk1Vh0QmP2r | MIIEowIBAAKCAQEA | [REDACTED]",
        "any slack hook  | posting to https://hooks.slack.com/services/T1/B2/xyz failed | T1/B2/xyz | posting to [REDACTED] failed",
        "slack token     | using xoxb-123456789012-abcdefghijkl | 123456789012 | using [REDACTED]",
        "own webhook     | https://hooks.slack.com/services/T000/B000/abcdefghijklmnop | abcdefghijklmnop | [REDACTED]",
        "e-mail          | password reset for kim.minji@example.co.kr sent | kim.minji@example | password reset for [EMAIL] sent",
        "client ipv4     | [client 203.0.113.45:51234] AH01630: client denied | 203.0.113 | [client [IP]:51234] AH01630: client denied",
        "client ipv6     | [client 2001:db8:85a3::8a2e:370:7334]:443 denied | 2001:db8:85a3 | [client [IP]]:443 denied",
        "full ipv6       | from fe80:0:0:0:202:b3ff:fe1e:8329 port 22 | fe80:0:0:0:202 | from [IP] port 22",
    })
    void redactsEachShapeWholly(String shape, String line, String secret, String expected) {
        String redacted = redactor.redact(line);

        assertEquals(expected, redacted);
        for (int i = 0; i + 3 <= secret.length(); i++) {
            String fragment = secret.substring(i, i + 3);
            if (!line.replace(secret, "").contains(fragment)) {
                assertFalse(redacted.contains(fragment), "'" + fragment + "' of the secret is left in: " + redacted);
            }
        }
    }

    /** Lines that look close to a secret or personal data but are neither: they pass unchanged. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "password words  | sshd[1]: Failed password for invalid user admin",
        "apache mismatch | AH01617: user bob: authentication failure for \"/\": Password Mismatch",
        "url no userinfo | GET https://example.com/a@b/x",
        "jwt prefix      | header eyJhbGci without dots",
        "passphrase word | asking for the passphrase now",
        "cookie word     | cookie consent banner shown",
        "mysql no -p     | mysql -h db -u app -p app_db",
        "env word        | SECRET_KEY_BASE is not set",
        "certificate     | -----BEGIN CERTIFICATE----- is public",
        "hex digest      | sha1 3f786850e387550fdab836ed7e6dc881de23001b ok",
        "user at host    | sudo: ubuntu@ip-10-0-1-5 : TTY=pts/0",
        "not an ip       | version 256.1.1.1 and Apache/2.4.58",
        "dotted version  | kernel 6.8.0.1012.13 booted",
        "time            | [Tue Nov 24 06:27:20.10 2026] [core:error] done at 06:27:20",
        "mac address     | eth0: link up 0a:1b:2c:3d:4e:5f",
        "cpp scope       | std::string is not a secret",
        "nothing secret  | [core:error] AH00037: Symbolic link not allowed",
    })
    void leavesNearMissesAlone(String shape, String line) {
        assertEquals(line, redactor.redact(line));
    }

    @Test
    void personalDataCanBeKeptWhenTheDeploymentSaysSo() {
        Redactor keeping = new Redactor(() -> WEBHOOK, false);

        assertEquals("[client 203.0.113.45:51234] kim@example.com password=[REDACTED]",
                keeping.redact("[client 203.0.113.45:51234] kim@example.com password=hunter2"));
    }
}
