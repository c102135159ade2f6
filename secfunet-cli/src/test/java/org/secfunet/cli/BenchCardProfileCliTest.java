package org.secfunet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A bad {@code --card-profile} is a bad command line: exit 2, one line naming the key, before any benchmark runs. */
class BenchCardProfileCliTest {
    @Test
    void badCardProfilesAreRefusedInOneLineNamingTheKey() {
        for (String bench : new String[] {"s_scard", "grid"}) {
            Cli unknown = Cli.run("bench", bench, "--card-profile", "contact-9");
            assertThat(unknown.exit()).as(bench).isEqualTo(2);
            assertThat(unknown.err().strip()).as(bench).doesNotContain("\n").contains("unknown card profile contact-9");

            Cli value = Cli.run("bench", bench, "--card-profile", "contact-230400,sign-ms=fast");
            assertThat(value.exit()).as(bench).isEqualTo(2);
            assertThat(value.err().strip()).as(bench).isEqualTo("secfunet bench " + bench + ": card model sign-ms must be a number, not fast");

            Cli range = Cli.run("bench", bench, "--card-profile", "baud=9600,verify-ms=-3");
            assertThat(range.exit()).as(bench).isEqualTo(2);
            assertThat(range.err().strip()).as(bench).doesNotContain("\n").contains("verify-ms must be 0..60000 ms");
        }
    }
}
