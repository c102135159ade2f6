package org.secfunet.apdu.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.Transport;
import org.secfunet.apdu.layer.TransportStack;

class TracerTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00.123Z"), ZoneOffset.UTC);

    @Test
    void apduLevelShowsDirectionLengthSwMeaningAndTime() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Tracer tracer = Tracer.to(out, TraceLevel.APDU, clock);
        Transport card = c -> Hex.decode("6A82");
        new TraceLayer(card, tracer, "VPCD0 00 00").transmit(Hex.decode("00A4040002AABB"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("2026-11-25T10:00:00.123Z [VPCD0 00 00] > 7 bytes  00 A4 04 00 Lc=2");
        assertThat(text).contains("[VPCD0 00 00] < 2 bytes  SW 6A82 (file or application not found)");
        assertThat(text).containsPattern("\\d+\\.\\d{3} ms");
        assertThat(text).doesNotContain("AA BB");
    }

    @Test
    void hexLevelDumpsBytesButRedactsPins() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Tracer tracer = Tracer.to(out, TraceLevel.HEX, clock);
        Transport card = c -> Hex.decode("9000");
        Transport t = new TraceLayer(card, tracer, "r");
        t.transmit(Hex.decode("0020008008 31323334FFFFFFFF"));
        t.transmit(Hex.decode("A024000010 3030303030303030 3939393939393939"));
        t.transmit(Hex.decode("00010000 03 CAFE01"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("31 32 33 34").doesNotContain("30 30 30 30").doesNotContain("39 39");
        assertThat(text).contains("(PIN data redacted)").contains("2A 2A 2A 2A");
        assertThat(text).contains("CA FE 01");
    }

    @Test
    void redactionKeepsHeaderAndHandlesExtendedForm() {
        byte[] ext = Hex.decode("00200080 000004 31323334");
        assertThat(Hex.encode(Redaction.redact(ext))).isEqualTo("002000800000042A2A2A2A");
        byte[] noData = Hex.decode("00200080");
        assertThat(Redaction.redact(noData)).isSameAs(noData);
    }

    @Test
    void eventsLevelHidesApdusAndOffWritesNothing() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Tracer events = Tracer.to(out, TraceLevel.EVENTS, clock);
        events.command("r", Hex.decode("00A40400"));
        events.event("VPCD0 00 00", "card inserted, ATR 3B 85 01 80 73 00 00 40 37");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("2026-11-25T10:00:00.123Z [VPCD0 00 00] * card inserted, ATR 3B 85 01 80 73 00 00 40 37\n");
        Transport card = c -> Hex.decode("9000");
        assertThat(TransportStack.builder().raw().trace(Tracer.OFF, "x").build(card)).isSameAs(card);
    }

    @Test
    void failuresAreTracedAndRethrown(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("trace.log");
        try (Tracer tracer = Tracer.forDestination(file.toString(), TraceLevel.APDU)) {
            Transport gone = c -> {
                throw new org.secfunet.apdu.CardRemovedException("card removed");
            };
            try {
                new TraceLayer(gone, tracer, "r").transmit(Hex.decode("00A40400"));
            } catch (org.secfunet.apdu.CardRemovedException expected) {
                // rethrown as is
            }
        }
        assertThat(Files.readString(file)).contains("[r] ! card removed");
    }

    @Test
    void levelsParseWithAClearError() {
        assertThat(TraceLevel.parse("Hex")).isEqualTo(TraceLevel.HEX);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TraceLevel.parse("loud"))
                .hasMessage("unknown trace level 'loud' (choose off, events, apdu or hex)");
    }
}
