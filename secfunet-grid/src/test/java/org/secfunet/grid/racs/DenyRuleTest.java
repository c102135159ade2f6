package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DenyRuleTest {
    private static byte[] h(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void matchesWhenHeaderAndMaskEqualsPrefix() {
        DenyRule verify = DenyRule.parse("00200000", "FFFF0000");
        assertThat(verify.matches(h("0020008008313233343536373800"))).isTrue();
        assertThat(verify.matches(h("00200001"))).isTrue();
        assertThat(verify.matches(h("00A40400"))).isFalse();
        DenyRule anyClaVerify = DenyRule.parse("00200000", "00FF0000");
        assertThat(anyClaVerify.matches(h("80200080"))).isTrue();
    }

    @Test
    void badRulesAreRefused() {
        assertThatThrownBy(() -> DenyRule.parse("0020", "FFFF0000")).hasMessageContaining("prefix must be 8 hex digits");
        assertThatThrownBy(() -> DenyRule.parse("00200000", "FFFFXX00")).hasMessageContaining("mask must be 8 hex digits");
        assertThatThrownBy(() -> DenyRule.parse("00200001", "FFFF0000")).hasMessageContaining("has bits outside mask");
        assertThatThrownBy(() -> DenyRule.parse(null, "FFFF0000")).hasMessageContaining("prefix is missing");
    }

    @Test
    void firewallWithoutAidListOnlyAppliesDenyRules() {
        ApduFirewall fw = new ApduFirewall(List.of(DenyRule.parse("80E60000", "FFFF0000")), List.of());
        assertThat(fw.hasAidList()).isFalse();
        assertThat(fw.refusal(h("00010000"), false)).isNull();
        assertThat(fw.refusal(h("80E60C00"), false)).contains("firewall");
        assertThat(fw.followUpRefusal(h("00A40400"))).isNull();
        assertThat(fw.followUpRefusal(h("80E60000"))).contains("firewall");
    }

    @Test
    void selectRecognitionIgnoresChannelBitsAndSuccessIs9000Or61xx() {
        assertThat(ApduFirewall.isSelectByAid(h("03A40400"))).isTrue();
        assertThat(ApduFirewall.isSelectByAid(h("41A40400"))).isTrue();
        assertThat(ApduFirewall.isSelectByAid(h("80A40400"))).isFalse();
        assertThat(ApduFirewall.isSelectByAid(h("00A40000"))).isFalse();
        ApduFirewall fw = new ApduFirewall(List.of(), List.of("a000000003"));
        assertThat(fw.refusal(h("03A4040005A000000003"), false)).isNull();
        assertThat(fw.refusal(h("45A4040005A000000003"), false)).isNull();
        assertThat(fw.refusal(h("0CA4040005A000000003"), false)).contains("secure messaging");
        assertThat(fw.refusal(h("00A40400"), false)).contains("(empty)");
        assertThat(fw.refusal(h("00A4040005A0000000"), false)).isEqualTo("malformed SELECT by AID");
        assertThat(fw.refusal(h("00A4000C023F00"), false)).contains("no allowed AID");
        assertThat(fw.refusal(h("00A4000C023F00"), true)).isNull();
        assertThat(ApduFirewall.selectSucceeded(0x9000)).isTrue();
        assertThat(ApduFirewall.selectSucceeded(0x6112)).isTrue();
        assertThat(ApduFirewall.selectSucceeded(0x6283)).isFalse();
    }
}
