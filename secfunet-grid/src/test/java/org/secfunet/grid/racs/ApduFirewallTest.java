package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules (classes of CLA, exact CLA, masks), deny and allow lists and the AID allowlist, as pure decisions. */
class ApduFirewallTest {
    private static byte[] h(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void matchesWhenHeaderAndMaskEqualsPrefix() {
        ApduRule verify = ApduRule.parse("00200000", "FFFF0000");
        assertThat(verify.matches(h("0020008008313233343536373800"))).isTrue();
        assertThat(verify.matches(h("00200001"))).isTrue();
        assertThat(verify.matches(h("00A40400"))).isFalse();
        ApduRule anyClaVerify = ApduRule.parse("00200000", "00FF0000");
        assertThat(anyClaVerify.matches(h("80200080"))).isTrue();
    }

    @Test
    void badRulesAreRefused() {
        assertThatThrownBy(() -> ApduRule.parse("0020", "FFFF0000")).hasMessageContaining("prefix must be 8 hex digits");
        assertThatThrownBy(() -> ApduRule.parse("00200000", "FFFFXX00")).hasMessageContaining("mask must be 8 hex digits");
        assertThatThrownBy(() -> ApduRule.parse("00200001", "FFFF0000")).hasMessageContaining("has bits outside mask");
        assertThatThrownBy(() -> ApduRule.parse(null, "FFFF0000")).hasMessageContaining("prefix is missing");
    }

    @Test
    void firewallWithoutAidListOnlyAppliesApduRules() {
        ApduFirewall fw = new ApduFirewall(List.of(ApduRule.parse("80E60000", "FFFF0000")), List.of(), List.of());
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
        ApduFirewall fw = new ApduFirewall(List.of(), List.of(), List.of("a000000003"));
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

    @Test
    void aRuleOnAClassHoldsWhateverTheChannelSecureMessagingAndChainingBits() {
        ApduRule verify = ApduRule.parse("00200000", "FFFF0000");
        for (String cla : new String[] {"00", "01", "03", "04", "0C", "10", "13", "1F", "20", "3F", "40", "41", "4F", "60", "7F", "80", "83", "A0"}) {
            assertThat(verify.matches(h(cla + "20008004"))).as("CLA %s", cla).isTrue();
        }
        assertThat(verify.matches(h("FF200080"))).as("FF: a command for the reader").isFalse();
        // the EAP-TLS card's VERIFY (A0 20), and the rule written with its CLA, in every class
        ApduRule eapVerify = ApduRule.parse("A0200000", "FFFF0000");
        for (String cla : new String[] {"A0", "A1", "AC", "B0", "80", "84", "90", "C3", "E0", "FE", "00"}) {
            assertThat(eapVerify.matches(h(cla + "2000000831323334FFFFFFFF"))).as("CLA %s", cla).isTrue();
            assertThat(verify.matches(h(cla + "2000000831323334FFFFFFFF"))).as("CLA %s", cla).isTrue();
        }
        assertThat(eapVerify.matches(h("FF200000"))).isFalse();
        assertThat(ApduRule.parse("FF000000", "FF000000").matches(h("FFCA000000"))).as("FF is a class of its own").isTrue();
        assertThat(ApduRule.parse("FF000000", "FF000000").matches(h("00CA000000"))).isFalse();
        assertThat(ApduRule.parse("FF000000", "FF000000").matches(h("80CA000000"))).isFalse();
        assertThat(ApduRule.parse("00200000", "00FF0000").matches(h("FF200000"))).as("no CLA bit in the mask: any class").isTrue();
        // extended form: the header is the same
        assertThat(verify.matches(h("00200080000004" + "31323334"))).isTrue();
    }

    @Test
    void anExactClaRuleComparesCLABitForBit() {
        ApduRule exact = ApduRule.parse("A0200000", "FFFFFFFF", true);
        assertThat(exact.matches(h("A020000008"))).isTrue();
        assertThat(exact.matches(h("A120000008"))).isFalse();
        assertThat(exact.matches(h("80200000"))).isFalse();
        assertThat(ApduRule.parse("00A40400", "FCFFFFFF", true).matches(h("03A40400"))).isTrue();
        assertThat(ApduRule.parse("00A40400", "FCFFFFFF", true).matches(h("40A40400"))).isFalse();
        assertThat(exact.toString()).isEqualTo("A0200000/FFFFFFFF exact CLA");
    }

    @Test
    void withAnAllowListOnlyAllowedCommandsPassAndDenyWins() {
        ApduFirewall fw = new ApduFirewall(List.of(ApduRule.parse("A0200001", "FFFF00FF")),
                List.of(ApduRule.parse("A0200000", "FFFF0000"), ApduRule.parse("A0800000", "FFFFFEFF"), ApduRule.parse("00C00000", "00FFFFFF")), List.of());
        assertThat(fw.ruleRefusal(h("A020000008"))).isNull();
        assertThat(fw.ruleRefusal(h("A020000108"))).isEqualTo("APDU refused by the firewall (CLA INS P1 P2 A0200001)");
        assertThat(fw.ruleRefusal(h("A080010001AA"))).as("the More bit of P1").isNull();
        assertThat(fw.ruleRefusal(h("A080020001AA"))).isEqualTo("APDU not in the allow list of this SE (CLA INS P1 P2 A0800200)");
        assertThat(fw.ruleRefusal(h("A0240000"))).startsWith("APDU not in the allow list");
        assertThat(fw.refusal(h("A02C0000"), true)).startsWith("APDU not in the allow list");
        assertThat(fw.followUpRefusal(h("A0C00000"))).isNull();
        assertThat(fw.followUpRefusal(h("A0120000"))).startsWith("APDU not in the allow list");
        assertThat(fw.followUpRefusal(h("10C00000"))).isEqualTo("a FETCH= header may not have the chaining bit of CLA");
    }

    @Test
    void aMoreBitChainIsJudgedPartByPart() {
        // the EAP card's segmentation: P1 bit 0 set on every part but the last; a rule on INS refuses every part
        ApduFirewall fw = new ApduFirewall(List.of(ApduRule.parse("A0D00000", "FFFF0000")), List.of(), List.of());
        assertThat(fw.ruleRefusal(h("A0D00101" + "03AABBCC"))).startsWith("APDU refused by the firewall");
        assertThat(fw.ruleRefusal(h("A0D00001" + "03AABBCC"))).startsWith("APDU refused by the firewall");
    }
}
