package org.secfunet.apdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResponseApduTest {
    @Test
    void splitsDataAndStatusWord() {
        ResponseApdu r = ResponseApdu.parse(Hex.decode("0102 9000"));
        assertThat(r.data()).containsExactly(1, 2);
        assertThat(r.sw()).isEqualTo(0x9000);
        assertThat(r.isOk()).isTrue();
        assertThat(r.meaning()).isEqualTo("success");
        assertThat(r.encode()).isEqualTo(Hex.decode("01029000"));
    }

    @Test
    void rejectsAnswersWithoutStatusWord() {
        assertThatThrownBy(() -> ResponseApdu.parse(new byte[] {0x61}))
                .isInstanceOf(ApduFormatException.class).hasMessageContaining("response too short: 1 byte");
        assertThatThrownBy(() -> ResponseApdu.parse(new byte[ResponseApdu.MAX_ENCODED_LENGTH + 1]))
                .hasMessageContaining("response too long");
    }

    @Test
    void statusWordsHaveMeanings() {
        assertThat(StatusWord.describe(0x6A82)).isEqualTo("file or application not found");
        assertThat(StatusWord.describe(0x6110)).isEqualTo("16 response bytes still available (GET RESPONSE)");
        assertThat(StatusWord.describe(0x6C08)).isEqualTo("wrong Le: resend with Le=8");
        assertThat(StatusWord.describe(0x9F00)).startsWith("256 or more response bytes ready (FETCH)");
        assertThat(StatusWord.describe(0x63C2)).isEqualTo("verification failed, 2 tries left");
        assertThat(StatusWord.describe(0x6303)).contains("3 tries left");
        assertThat(StatusWord.describe(0x7000)).contains("silently discarded");
        assertThat(StatusWord.describe(0x1234)).isEqualTo("unknown status word");
        assertThat(StatusWord.format(0x6D00)).isEqualTo("6D00 (instruction code not supported or invalid)");
    }

    @Test
    void hexParsingSaysWhatIsWrong() {
        assertThat(Hex.decode("00 a4:04-00")).containsExactly(0x00, 0xA4, 0x04, 0x00);
        assertThat(Hex.decode("0x9000")).containsExactly(0x90, 0x00);
        assertThatThrownBy(() -> Hex.decode("00A")).hasMessageContaining("odd number of hex digits (3)");
        assertThatThrownBy(() -> Hex.decode("00G0")).hasMessageContaining("not a hex digit: 'G' at position 3");
    }
}
