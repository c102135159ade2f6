package org.secfunet.grid.racs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.ReaderAddress;
import org.secfunet.pcsc.Readers;
import org.junit.jupiter.api.Test;

/** racs://host:port/SEID is parsed by the grid module's provider, found on the class path. */
class RacsAddressTest {
    @Test
    void parsesAndRoundTrips() {
        assertThat(ReaderAddress.parse("racs://grid.example:443/SE-7")).isEqualTo(new RacsAddress("grid.example", 443, "SE-7"));
        assertThat(ReaderAddress.parse("racs://[::1]:8443/A")).isEqualTo(new RacsAddress("::1", 8443, "A"));
        for (String s : new String[] {"racs://h:1/x", "racs://[::1]:8443/A"}) {
            assertThat(ReaderAddress.parse(s).text()).isEqualTo(s);
        }
    }

    @Test
    void badAddressesSayWhatIsWrong() {
        assertThatThrownBy(() -> ReaderAddress.parse("racs://host:99")).hasMessageContaining("has no SEID");
        assertThatThrownBy(() -> ReaderAddress.parse("racs://host/SE")).hasMessageContaining("has no port");
        assertThatThrownBy(() -> ReaderAddress.parse("racs://host:x/SE")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> ReaderAddress.parse("racs://host:70000/SE")).hasMessageContaining("outside 1..65535");
        assertThatThrownBy(() -> ReaderAddress.parse("racs://host:0/SE")).hasMessage("RACS address 'racs://host:0/SE' has port 0 outside 1..65535");
        assertThatThrownBy(() -> ReaderAddress.parse("racs://::1:8443/SE")).hasMessageContaining("without brackets");
        assertThatThrownBy(() -> ReaderAddress.parse(" ")).hasMessageContaining("racs://host:port/SEID");
    }

    @Test
    void aReaderListWithoutTheRacsProviderSaysSo() {
        Readers readers = new Readers(java.util.List.of());
        assertThatThrownBy(() -> readers.connect("racs://h:1/x", ConnectOptions.DEFAULT))
                .hasMessageContaining("no provider for reader address 'racs://h:1/x' (RACS support is not installed)");
    }
}
