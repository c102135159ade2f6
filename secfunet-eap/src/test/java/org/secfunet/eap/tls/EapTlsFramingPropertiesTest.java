package org.secfunet.eap.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.secfunet.eap.packet.EapFormatException;

class EapTlsFramingPropertiesTest {

    @Property
    void anyMessageFragmentedAtAnyAllowedSizeReassemblesToItself(@ForAll @Size(min = 1, max = 20000) byte[] tls,
                                                                  @ForAll @IntRange(min = 1, max = 4000) int fragment,
                                                                  @ForAll boolean lengthOnSingle) {
        List<EapTlsMessage> parts = new EapTlsFragmenter(fragment, lengthOnSingle).fragment(tls);
        EapTlsReassembler r = new EapTlsReassembler(20000);
        byte[] whole = null;
        for (int i = 0; i < parts.size(); i++) {
            // every fragment also survives its own encoding
            EapTlsMessage wire = EapTlsMessage.parse(parts.get(i).encode());
            whole = r.add(wire);
            assertThat(whole == null).isEqualTo(i < parts.size() - 1);
        }
        assertThat(whole).isEqualTo(tls);
    }

    @Property
    void noInputMakesTheReassemblerExceedItsCap(@ForAll @Size(max = 30) List<@Size(max = 300) byte[]> frames,
                                                @ForAll @IntRange(min = 1, max = 2000) int cap) {
        EapTlsReassembler r = new EapTlsReassembler(cap);
        for (byte[] f : frames) {
            try {
                byte[] out = r.add(EapTlsMessage.parse(f));
                if (out != null) {
                    assertThat(out.length).isLessThanOrEqualTo(cap);
                }
            } catch (EapFormatException expected) {
                // refused: fine
            }
            assertThat(r.collected()).isLessThanOrEqualTo(cap);
        }
    }
}
