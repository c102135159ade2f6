package org.secfunet.grid.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VmProtocolTest {
    @Test
    void requestsRoundTrip() {
        VmRequest r = VmRequest.parse("CONNECT example.org:443 mode=handoff card=a1 sni=example.org tls=1.3");
        assertThat(r.target().port()).isEqualTo(443);
        assertThat(r.mode()).isEqualTo(HypervisorConfig.Mode.HANDOFF);
        assertThat(r.cardOptions()).isEqualTo("versions=1.3;sni=example.org");
        assertThat(VmRequest.parse(r.line())).isEqualTo(r);
        assertThat(VmRequest.parse("CONNECT [::1]:8443").target().host()).isEqualTo("::1");
    }

    @Test
    void badRequestsSayWhatIsWrong() {
        assertThatThrownBy(() -> VmRequest.parse("GET / HTTP/1.1")).hasMessageContaining("expected 'CONNECT");
        assertThatThrownBy(() -> VmRequest.parse("CONNECT host")).hasMessageContaining("not HOST:PORT");
        assertThatThrownBy(() -> VmRequest.parse("CONNECT host:0")).hasMessageContaining("port 0");
        assertThatThrownBy(() -> VmRequest.parse("CONNECT host:1 mode=magic")).hasMessageContaining("tunnel or handoff");
        assertThatThrownBy(() -> VmRequest.parse("CONNECT host:1 tls=1.0")).hasMessageContaining("1.2 or 1.3");
        assertThatThrownBy(() -> VmRequest.parse("CONNECT host:1 sni=a;b")).hasMessageContaining("not a host name");
        assertThatThrownBy(() -> VmRequest.parse("CONNECT host:1 color=red")).hasMessageContaining("unknown option 'color'");
        assertThatThrownBy(() -> VmRequest.parse("CONNECT host:1 card=a\u001b[2Jb")).hasMessageContaining("card 'a?[2Jb' is not a card id");
        assertThatThrownBy(() -> VmRequest.parse("CONNECT host:1 mode=tunnel mode=handoff")).hasMessageContaining("option 'mode' is given twice");
    }

    @Test
    void repliesRoundTrip() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("mode", "tunnel");
        f.put("card", "a1");
        VmReply ok = VmReply.parse(VmReply.ok(f, "CN=localhost, O=Example").line());
        assertThat(ok.fields()).isEqualTo(f);
        assertThat(ok.text()).isEqualTo("CN=localhost, O=Example");
        VmReply busy = VmReply.parse(VmReply.busy(500, "every card is busy").line());
        assertThat(busy.kind()).isEqualTo(VmReply.Kind.BUSY);
        assertThat(busy.fields()).containsEntry("retry_after_ms", "500");
        assertThat(busy.text()).isEqualTo("every card is busy");
        VmReply err = VmReply.parse(VmReply.err("denied", "card 'b1' is not bound to this VM").line());
        assertThat(err.code()).isEqualTo("denied");
        assertThat(err.text()).isEqualTo("card 'b1' is not bound to this VM");
        assertThatThrownBy(() -> VmReply.parse("HTTP/1.1 200 OK")).hasMessageContaining("not a hypervisor reply");
    }
}
