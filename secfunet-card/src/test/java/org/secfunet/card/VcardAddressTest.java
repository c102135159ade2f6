package org.secfunet.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.ReaderAddress;
import org.secfunet.pcsc.ReaderException;
import org.secfunet.pcsc.ReaderProvider;
import org.secfunet.pcsc.Readers;
import org.junit.jupiter.api.Test;

/** vcard:FILE is parsed by the card module's provider, found on the class path. */
class VcardAddressTest {
    @Test
    void parsesAndRoundTrips() {
        assertThat(ReaderAddress.parse("vcard:/tmp/a.toml")).isEqualTo(new VcardAddress(Path.of("/tmp/a.toml")));
        assertThat(ReaderAddress.parse("VCARD:a.toml")).isEqualTo(new VcardAddress(Path.of("a.toml")));
        assertThat(ReaderAddress.parse("vcard:card.toml").text()).isEqualTo("vcard:card.toml");
        assertThat(ReaderAddress.parse("vcard:cards/a.sfn").resolveAgainst(Path.of("/etc/x")))
                .isEqualTo(new VcardAddress(Path.of("/etc/x/cards/a.sfn")));
    }

    @Test
    void badAddressesSayWhatIsWrong() {
        assertThatThrownBy(() -> ReaderAddress.parse("vcard:")).hasMessageContaining("names no card store file");
        assertThatThrownBy(() -> ReaderAddress.parse(" ")).hasMessageContaining("reader address is empty").hasMessageContaining("vcard:FILE");
    }

    @Test
    void theResolverRoutesByAddress() {
        ReaderProvider fake = new ReaderProvider() {
            @Override
            public boolean supports(ReaderAddress a) {
                return a instanceof VcardAddress;
            }

            @Override
            public CardSession connect(ReaderAddress a, ConnectOptions o) {
                throw new ReaderException("reached " + a.text());
            }
        };
        Readers readers = new Readers(java.util.List.of(fake));
        assertThatThrownBy(() -> readers.connect("vcard:x", ConnectOptions.DEFAULT)).hasMessage("reached vcard:x");
    }
}
