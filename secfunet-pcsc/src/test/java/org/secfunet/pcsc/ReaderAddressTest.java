package org.secfunet.pcsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReaderAddressTest {
    @Test
    void parsesEveryForm() {
        assertThat(ReaderAddress.parse("0")).isEqualTo(new ReaderAddress.PcscIndex(0));
        assertThat(ReaderAddress.parse(" 12 ")).isEqualTo(new ReaderAddress.PcscIndex(12));
        assertThat(ReaderAddress.parse("VPCD0 00 00")).isEqualTo(new ReaderAddress.PcscName("VPCD0 00 00"));
        assertThat(ReaderAddress.parse("racs://h:1/x")).isEqualTo(new ReaderAddress.Unclaimed("racs", "racs://h:1/x"));
    }

    @Test
    void aSchemeIsParsedByItsProvider() {
        ReaderProvider scheme = new ReaderProvider() {
            @Override
            public String syntax() {
                return "x:NAME";
            }

            @Override
            public ReaderAddress parse(String text) {
                return text.startsWith("x:") ? new ReaderAddress.PcscName("parsed " + text) : null;
            }

            @Override
            public boolean supports(ReaderAddress a) {
                return false;
            }

            @Override
            public CardSession connect(ReaderAddress a, ConnectOptions o) {
                throw new AssertionError();
            }
        };
        ReaderSchemes schemes = new ReaderSchemes(java.util.List.of(scheme));
        assertThat(schemes.parse("x:a")).isEqualTo(new ReaderAddress.PcscName("parsed x:a"));
        assertThat(schemes.parse("y:a")).isEqualTo(new ReaderAddress.PcscName("y:a"));
        assertThatThrownBy(() -> schemes.parse("")).hasMessage("reader address is empty (give a PC/SC index or name or x:NAME)");
    }

    @Test
    void textRoundTrips() {
        for (String s : new String[] {"3", "Some Reader 01 00", "racs://h:1/x"}) {
            assertThat(ReaderAddress.parse(s).text()).isEqualTo(s);
        }
    }

    @Test
    void badAddressesSayWhatIsWrong() {
        assertThatThrownBy(() -> ReaderAddress.parse(" ")).hasMessageContaining("reader address is empty");
        assertThatThrownBy(() -> ReaderAddress.parse("123456")).hasMessageContaining("too large");
    }

    @Test
    void theResolverRoutesByAddressAndNamesMissingProviders() {
        ReaderProvider fake = new ReaderProvider() {
            @Override
            public boolean supports(ReaderAddress a) {
                return a instanceof ReaderAddress.PcscName;
            }

            @Override
            public CardSession connect(ReaderAddress a, ConnectOptions o) {
                throw new ReaderException("reached " + a.text());
            }
        };
        Readers readers = new Readers(java.util.List.of(fake));
        assertThatThrownBy(() -> readers.connect("Some Reader", ConnectOptions.DEFAULT)).hasMessage("reached Some Reader");
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
