package org.secfunet.eap.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.secfunet.eap.packet.EapFormatException;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapPayload;
import org.secfunet.eap.packet.EapType;
import org.secfunet.eap.sm.DefaultPolicy;
import org.secfunet.eap.sm.EapAuthenticatorMethod;
import org.secfunet.eap.sm.EapAuthenticatorStateMachine;
import org.secfunet.eap.sm.IdentityMethod;
import org.secfunet.eap.sm.Timeouts;
import org.secfunet.eap.tls.EapTlsMessage;
import org.secfunet.eap.tls.EapTlsReassembler;

/** The EAP and EAP-TLS parsers, the reassembler and the authenticator never fail but with their own errors. */
class EapFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void packetsPayloadsAndFrames(byte[] input) {
        try {
            EapPacket p = EapPacket.parse(input, 4096);
            assertThat(p.encode()).isEqualTo(input);
            if (p.hasType()) {
                try {
                    EapPayload.of(p);
                } catch (EapFormatException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                }
            }
        } catch (EapFormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            EapTlsMessage m = EapTlsMessage.parse(input);
            assertThat(EapTlsMessage.parse(m.encode())).isEqualTo(m);
        } catch (EapFormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "20s")
    void reassemblerStaysUnderItsCap(FuzzedDataProvider data) {
        EapTlsReassembler r = new EapTlsReassembler(4096);
        while (data.remainingBytes() > 0) {
            try {
                byte[] out = r.add(EapTlsMessage.parse(data.consumeBytes(data.consumeInt(0, 600))));
                if (out != null) {
                    assertThat(out.length).isLessThanOrEqualTo(4096);
                }
            } catch (EapFormatException expected) {
                // refused
            }
            assertThat(r.collected()).isLessThanOrEqualTo(4096);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void authenticatorTakesAnyResponses(FuzzedDataProvider data) {
        EapAuthenticatorStateMachine a = new EapAuthenticatorStateMachine(new DefaultPolicy(true, List.of(EapType.TLS), true),
                Map.<Integer, java.util.function.Supplier<EapAuthenticatorMethod>>of(EapType.IDENTITY, IdentityMethod::new),
                Timeouts.DEFAULT, Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC));
        a.enable();
        for (int i = 0; i < 16 && data.remainingBytes() > 0; i++) {
            a.receive(data.consumeBytes(data.consumeInt(0, 300)));
        }
        assertThat(a.state()).isNotNull();
    }
}
