package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.secfunet.grid.racs.RacsTestGrid.SELECT_TEST;
import static org.secfunet.grid.racs.RacsTestGrid.script;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.Transport;
import org.secfunet.pcsc.CardSession;

/** The fencing rule of the RACS interpreter: stale tokens never reach the card, newer ones take the SE over. */
@Timeout(60)
class RacsFencingTest {
    /** The test applet's VERIFY of its PIN 1234. */
    static final String VERIFY = "002000800431323334";
    /** The test applet's PIN-gated COUNTER. */
    static final String COUNTER = "0030000004";

    @TempDir
    Path dir;
    SeRegistry registry;
    AccessPolicy access;
    RecordingConnector card;

    /** {@code top}: top-level keys, before the tables. */
    private void grid(String top, SeConnector connector) throws Exception {
        RacsServerConfig config = RacsTestGrid.config(dir, top + RacsTestGrid.serverToml("""
                [users]
                "vm-a" = ["se1", "se2"]
                "vm-b" = ["se1", "se2"]
                "vm-c" = ["se2"]
                """ + RacsTestGrid.testSes(dir, "se1", "se2")));
        registry = SeRegistry.of(config, connector);
        access = AccessPolicy.of(config);
    }

    private void grid(String top) throws Exception {
        card = new RecordingConnector();
        grid(top, card);
    }

    private RacsInterpreter session(String cn) {
        return new RacsInterpreter(registry, access, cn, cn);
    }

    private SecureElement se1() {
        return registry.find("se1").orElseThrow();
    }

    @AfterEach
    void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    private static String run(RacsInterpreter i, String line) {
        return i.run(script(line)).last().format();
    }

    @Test
    void anOlderTokenIsRefusedAndNeverTouchesTheCard() throws Exception {
        grid("");
        try (RacsInterpreter a = session("vm-a"); RacsInterpreter b = session("vm-b")) {
            assertThat(run(a, "POWERON se1 FENCE=5")).startsWith("+008 001 3B");
            assertThat(run(a, "APDU se1 " + SELECT_TEST)).isEqualTo("+006 001 9000");
            int before = card.count();
            assertThat(run(b, "POWERON se1 FENCE=4")).isEqualTo("-608 001 stale fencing token 4 < 5 for SEID se1");
            assertThat(run(b, "RESET se1 WARM FENCE=4")).isEqualTo("-605 001 stale fencing token 4 < 5 for SEID se1");
            assertThat(card.since(before)).as("nothing reached the card").isEmpty();
            assertThat(se1().heldBy(a)).isTrue();
            assertThat(run(a, "SHUTDOWN se1")).isEqualTo("+007 001");
            // free, but the newest token seen is still 5: an older one stays refused
            before = card.count();
            assertThat(run(b, "POWERON se1 FENCE=4")).isEqualTo("-608 001 stale fencing token 4 < 5 for SEID se1");
            assertThat(card.since(before)).isEmpty();
            assertThat(se1().held()).isFalse();
            assertThat(se1().newestToken()).isEqualTo(5);
        }
    }

    @Test
    void aNewerTokenTakesTheSeOverAndTheOldSessionIsRefusedFromThenOn() throws Exception {
        grid("");
        try (RacsInterpreter a = session("vm-a"); RacsInterpreter b = session("vm-b")) {
            assertThat(run(a, "POWERON se1 FENCE=1")).startsWith("+008");
            assertThat(run(a, "APDU se1 " + SELECT_TEST)).isEqualTo("+006 001 9000");
            assertThat(run(a, "APDU se1 " + VERIFY)).isEqualTo("+006 001 9000");
            assertThat(run(a, "APDU se1 " + COUNTER)).isEqualTo("+006 001 000000019000");
            int preemption = card.count();
            assertThat(run(b, "POWERON se1 FENCE=2")).startsWith("+008 001 3B");
            assertThat(se1().heldBy(b)).isTrue();
            assertThat(card.since(preemption)).as("a power cycle").containsExactly("OFF", "ON");
            assertThat(run(b, "APDU se1 " + SELECT_TEST)).isEqualTo("+006 001 9000");
            assertThat(run(b, "APDU se1 " + COUNTER)).as("a's PIN verification is gone").isEqualTo("+006 001 6982");
            int after = card.count();
            for (String line : new String[] {"APDU se1 " + SELECT_TEST, "RESET se1", "SHUTDOWN se1", "POWERON se1", "APDU se1 " + COUNTER}) {
                assertThat(run(a, line)).as(line).matches("-6\\d\\d 001 stale fencing token 1 < 2 for SEID se1");
            }
            assertThat(run(a, "POWERON se1 FENCE=1")).isEqualTo("-608 001 stale fencing token 1 < 2 for SEID se1");
            assertThat(card.since(after)).as("the old session reached nothing").isEmpty();
            assertThat(card.since(preemption)).containsExactly("OFF", "ON", SELECT_TEST, COUNTER);
            assertThat(run(b, "APDU se1 " + COUNTER)).as("b's session is intact").isEqualTo("+006 001 6982");
            assertThat(run(a, "POWERON se1 FENCE=2")).as("the holder's own token from another session").isEqualTo("-708 001 SE in use by another session");
            assertThat(run(a, "APDU se1 " + SELECT_TEST)).as("still fenced").isEqualTo("-606 001 stale fencing token 1 < 2 for SEID se1");
            // the old session takes the lock again: a newer token from it is a new holder
            assertThat(run(a, "POWERON se1 FENCE=3")).startsWith("+008");
            assertThat(se1().heldBy(a)).isTrue();
            assertThat(run(b, "APDU se1 " + SELECT_TEST)).isEqualTo("-606 001 stale fencing token 2 < 3 for SEID se1");
            assertThat(run(a, "APDU se1 " + SELECT_TEST)).isEqualTo("+006 001 9000");
        }
    }

    @Test
    void anEqualTokenIsTheSameHolder() throws Exception {
        grid("");
        try (RacsInterpreter a = session("vm-a"); RacsInterpreter b = session("vm-b")) {
            String atr = run(a, "POWERON se1 FENCE=7");
            assertThat(run(a, "APDU se1 " + SELECT_TEST)).isEqualTo("+006 001 9000");
            assertThat(run(a, "APDU se1 " + VERIFY)).isEqualTo("+006 001 9000");
            int before = card.count();
            assertThat(run(a, "POWERON se1 FENCE=7")).as("idempotent").isEqualTo(atr);
            assertThat(run(a, "POWERON se1")).as("token-less POWERON of the holder").isEqualTo(atr);
            assertThat(card.since(before)).as("no reset").isEmpty();
            assertThat(run(a, "APDU se1 " + COUNTER)).as("still verified").isEqualTo("+006 001 000000019000");
            before = card.count();
            assertThat(run(b, "POWERON se1 FENCE=7")).as("another session with the same token").isEqualTo("-708 001 SE in use by another session");
            assertThat(card.since(before)).isEmpty();
            assertThat(run(a, "RESET se1 FENCE=7")).as("RESET with its own token power-cycles").startsWith("+005");
            assertThat(card.since(before)).containsExactly("OFF", "ON");
            assertThat(se1().heldBy(a)).isTrue();
            assertThat(run(a, "RESET se1")).as("RESET without a token keeps the holder's").startsWith("+005");
            assertThat(run(b, "POWERON se1 FENCE=8")).startsWith("+008");
            assertThat(run(a, "APDU se1 " + SELECT_TEST)).isEqualTo("-606 001 stale fencing token 7 < 8 for SEID se1");
        }
    }

    @Test
    void withoutTokensNothingChangesAndATokenlessHolderIsNotTakenOver() throws Exception {
        grid("");
        try (RacsInterpreter a = session("vm-a"); RacsInterpreter b = session("vm-b")) {
            assertThat(run(a, "POWERON se1")).startsWith("+008");
            assertThat(run(b, "POWERON se1")).isEqualTo("-708 001 SE in use by another session");
            assertThat(run(b, "POWERON se1 FENCE=9")).as("first come holds").isEqualTo("-708 001 SE in use by another session");
            assertThat(se1().newestToken()).as("the token was seen all the same").isEqualTo(9);
            assertThat(run(a, "APDU se1 " + SELECT_TEST)).isEqualTo("+006 001 9000");
            assertThat(run(a, "SHUTDOWN se1")).isEqualTo("+007 001");
            assertThat(run(b, "POWERON se1 FENCE=8")).isEqualTo("-608 001 stale fencing token 8 < 9 for SEID se1");
            assertThat(run(b, "POWERON se1 FENCE=9")).startsWith("+008");
            assertThat(run(a, "POWERON se1")).as("token-less while a fenced session holds it").isEqualTo("-708 001 SE in use by another session");
            assertThat(run(a, "APDU se1 " + SELECT_TEST)).isEqualTo("-706 001 SE in use by another session");
            assertThat(run(b, "SHUTDOWN se1")).isEqualTo("+007 001");
            assertThat(run(a, "APDU se1 " + SELECT_TEST)).as("token-less use of a free fenced SE is allowed by default").isEqualTo("+006 001 9000");
        }
    }

    @Test
    void aTokenSeenWhileTheHolderIsBusyFencesItsNextCommand() throws Exception {
        CountDownLatch inCard = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingConnector real = new RecordingConnector();
        card = real;
        grid("", address -> {
            CardSession s = real.connect(address);
            return new CardSession() {
                @Override
                public Transport transport() {
                    return command -> {
                        if (command[1] == 0x01) { // the test applet's ECHO: held in the card until released
                            inCard.countDown();
                            try {
                                release.await(20, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        return s.transport().transmit(command);
                    };
                }

                @Override
                public byte[] atr() {
                    return s.atr();
                }

                @Override
                public String readerName() {
                    return s.readerName();
                }

                @Override
                public int maxNe() {
                    return s.maxNe();
                }

                @Override
                public void close() {
                    s.closeAndReset();
                }
            };
        });
        try (RacsInterpreter a = session("vm-a"); RacsInterpreter b = session("vm-b")) {
            assertThat(run(a, "POWERON se1 FENCE=5")).startsWith("+008");
            assertThat(run(a, "APDU se1 " + SELECT_TEST)).isEqualTo("+006 001 9000");
            CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> run(a, "APDU se1 0001000002123400"));
            assertThat(inCard.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(run(b, "POWERON se1 FENCE=6")).as("the card is busy with a's exchange").isEqualTo("-708 001 SE in use by another session");
            release.countDown();
            assertThat(slow.get(10, TimeUnit.SECONDS)).as("the exchange already in the card ends").isEqualTo("+006 001 12349000");
            int before = real.count();
            assertThat(run(a, "APDU se1 " + SELECT_TEST)).isEqualTo("-606 001 stale fencing token 5 < 6 for SEID se1");
            assertThat(real.since(before)).as("powered off, never sent").containsExactly("OFF");
            assertThat(se1().held()).isFalse();
            assertThat(run(b, "POWERON se1 FENCE=6")).startsWith("+008");
        }
    }

    @Test
    void requiredFencingRefusesTokenlessPowerOnsPerServerOrPerSe() throws Exception {
        card = new RecordingConnector();
        RacsServerConfig config = RacsTestGrid.config(dir, "fencing = \"required\"\n" + RacsTestGrid.serverToml("""
                [users]
                "vm-a" = ["se1", "se2"]
                [[se]]
                seid = "se1"
                reader = "vcard:se1.sfn"
                [[se]]
                seid = "se2"
                reader = "vcard:se2.sfn"
                fencing = "optional"
                """));
        RacsTestGrid.testCard(dir, "se1");
        RacsTestGrid.testCard(dir, "se2");
        registry = SeRegistry.of(config, card);
        access = AccessPolicy.of(config);
        assertThat(se1().fencing()).isEqualTo(FencingMode.REQUIRED);
        try (RacsInterpreter a = session("vm-a")) {
            assertThat(run(a, "POWERON se1")).isEqualTo("-608 001 fencing token required for SEID se1 (POWERON se1 FENCE=n, n the token of the SE's grid lock)");
            assertThat(run(a, "RESET se1")).startsWith("-605 001 fencing token required for SEID se1");
            assertThat(run(a, "APDU se1 " + SELECT_TEST)).as("an APDU would power it on").startsWith("-606 001 fencing token required");
            assertThat(run(a, "SHUTDOWN se1")).as("nothing to power on").isEqualTo("+007 001");
            assertThat(card.events()).isEmpty();
            assertThat(run(a, "POWERON se1 FENCE=1")).startsWith("+008");
            assertThat(run(a, "APDU se1 " + SELECT_TEST)).isEqualTo("+006 001 9000");
            assertThat(run(a, "RESET se1")).as("the holder's RESET keeps its token").startsWith("+005");
            assertThat(run(a, "POWERON se2")).as("se2 is optional").startsWith("+008");
        }
    }

    @Test
    void badTokensAreSyntaxOrValueErrorsAndTakeNothing() throws Exception {
        grid("");
        try (RacsInterpreter a = session("vm-a")) {
            assertThat(run(a, "POWERON se1 FENCE=0")).startsWith("-408 001 FENCE= is a decimal number 1..9223372036854775807, not 0");
            assertThat(run(a, "POWERON se1 FENCE=9223372036854775808")).startsWith("-408 001");
            assertThat(run(a, "POWERON se1 FENCE=99999999999999999999")).as("too long").startsWith("-408 001");
            assertThat(run(a, "POWERON se1 FENCE=" + "9".repeat(200))).startsWith("-408 001").endsWith("...");
            assertThat(run(a, "POWERON se1 FENCE=-1")).startsWith("-508 001 FENCE= is a decimal number");
            assertThat(run(a, "POWERON se1 FENCE=+1")).startsWith("-508 001");
            assertThat(run(a, "POWERON se1 FENCE=12a")).startsWith("-508 001");
            assertThat(run(a, "POWERON se1 FENCE=0x10")).startsWith("-508 001");
            assertThat(run(a, "POWERON se1 FENCE=01")).as("leading zero").startsWith("-508 001");
            assertThat(run(a, "POWERON se1 FENCE=")).startsWith("-508 001");
            assertThat(run(a, "POWERON se1 fence=1")).isEqualTo("-508 001 POWERON takes SEID [FENCE=n], not fence=1");
            assertThat(run(a, "POWERON se1 FENCE=1 FENCE=2")).startsWith("-508 001 too many parameters");
            assertThat(run(a, "POWERON se1 WARM")).startsWith("-508 001");
            assertThat(run(a, "RESET se1 FENCE=1 FENCE=2")).startsWith("-505 001 RESET takes SEID [WARM] [FENCE=n], not FENCE=2");
            assertThat(run(a, "RESET se1 WARM WARM")).startsWith("-505 001");
            assertThat(run(a, "RESET se1 FENCE=0 WARM")).startsWith("-405 001");
            assertThat(card.events()).isEmpty();
            assertThat(se1().held()).isFalse();
            assertThat(se1().newestToken()).as("no bad token was taken as seen").isZero();
            assertThat(run(a, "POWERON se1 FENCE=9223372036854775807")).startsWith("+008");
            assertThat(run(a, "RESET se1 FENCE=9223372036854775807 WARM")).startsWith("+005");
        }
    }

    @Test
    void aClientNotAllowedOnTheSeCannotRaiseItsToken() throws Exception {
        grid("");
        try (RacsInterpreter c = session("vm-c"); RacsInterpreter a = session("vm-a")) {
            assertThat(run(c, "POWERON se1 FENCE=100")).isEqualTo("-608 001 not authorised for SEID se1");
            assertThat(se1().newestToken()).isZero();
            assertThat(run(a, "POWERON se1 FENCE=1")).startsWith("+008");
        }
    }

    @Test
    void theEndOfAFencedOutSessionForgetsIt() throws Exception {
        grid("");
        RacsInterpreter a = session("vm-a");
        try (RacsInterpreter b = session("vm-b")) {
            assertThat(run(a, "POWERON se1 FENCE=1")).startsWith("+008");
            assertThat(run(b, "POWERON se1 FENCE=2")).startsWith("+008");
            assertThat(se1().fencedOutSessions()).isEqualTo(1);
            a.close();
            assertThat(se1().fencedOutSessions()).isZero();
            assertThat(se1().heldBy(b)).isTrue();
        }
    }

    @Test
    void theFencingModeIsCheckedInTheConfiguration() throws Exception {
        assertThatThrownBy(() -> grid("fencing = \"maybe\"\n")).isInstanceOf(RacsConfigException.class)
                .hasMessageEndingWith(": fencing: must be \"optional\" or \"required\", not 'maybe'");
        assertThatThrownBy(() -> RacsTestGrid.config(dir, RacsTestGrid.serverToml("""
                [users]
                "vm-a" = ["se1"]
                [[se]]
                seid = "se1"
                reader = "vcard:se1.sfn"
                fencing = "REQUIRED"
                """))).isInstanceOf(RacsConfigException.class).hasMessageEndingWith(": se[0].fencing: must be \"optional\" or \"required\", not 'REQUIRED'");
    }
}
