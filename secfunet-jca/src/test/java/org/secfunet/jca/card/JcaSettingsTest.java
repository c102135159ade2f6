package org.secfunet.jca.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JcaSettingsTest {
    @TempDir
    Path dir;

    @Test
    void aBareAddressIsOneReaderWithDefaults() {
        JcaSettings s = JcaSettings.parse("vcard:/tmp/a.card");
        assertThat(s.readers()).containsExactly("vcard:/tmp/a.card");
        assertThat(s.pin()).isNull();
        assertThat(s.pinPolicy()).isEqualTo(PinPolicy.CACHE);
        assertThat(s.leaseWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(JcaSettings.parse("  ").readers()).containsExactly("0");
        assertThat(JcaSettings.parse(null)).isEqualTo(JcaSettings.defaults());
    }

    @Test
    void itemsAreSeparatedBySemicolonsOrLinesWithReadersPinAndPolicy() {
        JcaSettings s = JcaSettings.parse("vcard:/a;reader=VPCD0 00 00 ; pin=env:CARD_PIN;pin-policy=per-operation;identity=web;wait=5;handshake-timeout=7");
        assertThat(s.readers()).containsExactly("vcard:/a", "VPCD0 00 00");
        assertThat(s.pin().spec()).isEqualTo("env:CARD_PIN");
        assertThat(s.pinPolicy()).isEqualTo(PinPolicy.PER_OPERATION);
        assertThat(s.identity()).isEqualTo("web");
        assertThat(s.leaseWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.handshakeTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(JcaSettings.parse("racs://host:7443/se?x=1").readers()).as("an address holding '=' stays an address").containsExactly("racs://host:7443/se?x=1");
    }

    @Test
    void pinPadAndAutoAreChoicesOfPin() {
        assertThat(JcaSettings.parse("vcard:/a").pinPad()).isEqualTo(PinPadChoice.NEVER);
        JcaSettings pad = JcaSettings.parse("vcard:/a;pin=pinpad");
        assertThat(pad.pinPad()).isEqualTo(PinPadChoice.PINPAD);
        assertThat(pad.pin()).isNull();
        assertThat(pad.toString()).contains("pin=pinpad");
        assertThat(JcaSettings.parse("vcard:/a;pin=AUTO").pinPad()).isEqualTo(PinPadChoice.AUTO);
        JcaSettings last = JcaSettings.parse("vcard:/a;pin=pinpad;pin=env:CARD_PIN");
        assertThat(last.pinPad()).as("the last pin= wins").isEqualTo(PinPadChoice.NEVER);
        assertThat(last.pin().spec()).isEqualTo("env:CARD_PIN");
        assertThat(JcaSettings.parse("vcard:/a;pin=env:CARD_PIN;pin=auto").pin()).isNull();
        assertThatThrownBy(() -> JcaSettings.parse("pin=pin-pad")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pin= in the SecFuNet provider configuration must be env:NAME, file:PATH or pass:VALUE, pinpad or auto");
    }

    @Test
    void aConfFileIsReadWithCommentsAndItsPinFileIsRelativeToIt() throws Exception {
        Path conf = dir.resolve("card.conf");
        Files.writeString(conf, "# the lab card\nvcard:/x.card\npin=file:pin.txt\n");
        Files.writeString(dir.resolve("pin.txt"), "4321\n");
        JcaSettings s = JcaSettings.parse(conf.toString());
        assertThat(s.readers()).containsExactly("vcard:/x.card");
        assertThat(s.pin().read()).containsExactly('4', '3', '2', '1');
        assertThatThrownBy(() -> JcaSettings.parse(dir.resolve("missing.conf").toString())).hasMessageContaining("does not exist");
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> JcaSettings.parse("vcard:/a;color=blue")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown setting 'color'").hasMessageContaining("known: reader, pin");
        assertThatThrownBy(() -> JcaSettings.parse("pin=1234")).hasMessageContaining("env:NAME, file:PATH or pass:VALUE").hasMessageNotContaining("1234");
        assertThatThrownBy(() -> JcaSettings.parse("pin-policy=sometimes")).hasMessageContaining("cache or per-operation");
        assertThatThrownBy(() -> JcaSettings.parse("wait=0")).hasMessageContaining("1..3600");
        assertThatThrownBy(() -> JcaSettings.parse("wait=abc")).hasMessageContaining("not 'abc'");
        assertThatThrownBy(() -> JcaSettings.parse("reader=")).hasMessageContaining("empty");
        assertThatThrownBy(() -> JcaSettings.parse("x".repeat(JcaSettings.MAX_LENGTH + 1))).hasMessageContaining("over");
        assertThatThrownBy(() -> JcaSettings.parse(String.join(";", java.util.Collections.nCopies(JcaSettings.MAX_READERS + 1, "vcard:/a"))))
                .hasMessageContaining("readers, over");
    }

    @Test
    void itsTextNeverShowsAPinValue() {
        assertThat(JcaSettings.parse("vcard:/a;pin=pass:9876").toString()).doesNotContain("9876").contains("pass:***");
        assertThat(List.of(JcaSettings.parse("vcard:/a;pin=env:P").toString())).allMatch(t -> t.contains("env:P"));
    }
}
