package org.secfunet.pcsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReaderAddressTest {
    @Test
    void parsesEveryForm() {
        assertThat(ReaderAddress.parse("0")).isEqualTo(new ReaderAddress.PcscIndex(0));
        assertThat(ReaderAddress.parse(" 12 ")).isEqualTo(new ReaderAddress.PcscIndex(12));
        assertThat(ReaderAddress.parse("VPCD0 00 00")).isEqualTo(new ReaderAddress.PcscName("VPCD0 00 00"));
        assertThat(ReaderAddress.parse("vcard:/tmp/a.toml")).isEqualTo(new ReaderAddress.VirtualCard(Path.of("/tmp/a.toml")));
        assertThat(ReaderAddress.parse("racs://grid.example:443/SE-7")).isEqualTo(new ReaderAddress.Racs("grid.example", 443, "SE-7"));
        assertThat(ReaderAddress.parse("racs://[::1]:8443/A")).isEqualTo(new ReaderAddress.Racs("::1", 8443, "A"));
    }

    @Test
    void textRoundTrips() {
        for (String s : new String[] {"3", "Some Reader 01 00", "vcard:card.toml", "racs://h:1/x"}) {
            assertThat(ReaderAddress.parse(s).text()).isEqualTo(s);
        }
    }

    @Test
    void badAddressesSayWhatIsWrong() {
        assertThatThrownBy(() -> ReaderAddress.parse(" ")).hasMessageContaining("reader address is empty");
        assertThatThrownBy(() -> ReaderAddress.parse("vcard:")).hasMessageContaining("names no card store file");
        assertThatThrownBy(() -> ReaderAddress.parse("racs://host:99")).hasMessageContaining("has no SEID");
        assertThatThrownBy(() -> ReaderAddress.parse("racs://host/SE")).hasMessageContaining("has no port");
        assertThatThrownBy(() -> ReaderAddress.parse("racs://host:x/SE")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> ReaderAddress.parse("racs://host:70000/SE")).hasMessageContaining("outside 1..65535");
        assertThatThrownBy(() -> ReaderAddress.parse("123456")).hasMessageContaining("too large");
    }

    @Test
    void theResolverRoutesByAddressAndNamesMissingProviders() {
        ReaderProvider fake = new ReaderProvider() {
            @Override
            public boolean supports(ReaderAddress a) {
                return a instanceof ReaderAddress.VirtualCard;
            }

            @Override
            public CardSession connect(ReaderAddress a, ConnectOptions o) {
                throw new ReaderException("reached " + a.text());
            }
        };
        Readers readers = new Readers(java.util.List.of(fake));
        assertThatThrownBy(() -> readers.connect("vcard:x", ConnectOptions.DEFAULT)).hasMessage("reached vcard:x");
        assertThatThrownBy(() -> readers.connect("racs://h:1/x", ConnectOptions.DEFAULT))
                .hasMessageContaining("no provider for reader address 'racs://h:1/x' (RACS support is not installed)");
    }

    @Test
    void connectOptionsAreValidated() {
        assertThatThrownBy(() -> new ConnectOptions(ShareMode.SHARED, "T=2", 0)).hasMessageContaining("unknown protocol 'T=2'");
        assertThat(ConnectOptions.DEFAULT.exclusive().share()).isEqualTo(ShareMode.EXCLUSIVE);
    }

    @Test
    void pcscErrorCodesAreFoundInTheCauseChain() {
        Exception e = new javax.smartcardio.CardException("list() failed", new RuntimeException("SCARD_E_NO_SERVICE"));
        assertThat(PcscErrors.code(e)).isEqualTo("SCARD_E_NO_SERVICE");
        assertThat(PcscErrors.contextLost(e)).isTrue();
        assertThat(PcscErrors.forTransmit("R", new javax.smartcardio.CardException("x", new RuntimeException("SCARD_W_REMOVED_CARD"))))
                .isInstanceOf(org.secfunet.apdu.CardRemovedException.class)
                .hasMessageContaining("card in reader 'R' was removed");
    }
}
