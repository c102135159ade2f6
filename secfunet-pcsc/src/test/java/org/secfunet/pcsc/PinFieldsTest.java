package org.secfunet.pcsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PinFieldsTest {
    @Test
    void fieldsArePaddedAndCheckedAndEveryPartIsWiped() {
        byte[] f = PinFields.padded("1234".toCharArray(), 4, Character::isDigit, "length", "digits");
        assertThat(f).containsExactly('1', '2', '3', '4', 0xFF, 0xFF, 0xFF, 0xFF);
        assertThatThrownBy(() -> PinFields.padded("123".toCharArray(), 4, Character::isDigit, "length", "digits")).hasMessage("length");
        assertThatThrownBy(() -> PinFields.padded("12a4".toCharArray(), 4, Character::isDigit, "length", "digits")).hasMessage("digits");
        byte[] a = {1, 2};
        byte[] b = {3};
        assertThat(PinFields.join(() -> a, () -> b)).containsExactly(1, 2, 3);
        assertThat(a).containsOnly(0);
        assertThat(b).containsOnly(0);
        byte[] first = {9, 9};
        assertThatThrownBy(() -> PinFields.join(() -> first, () -> {
            throw new IllegalArgumentException("the new PIN is refused");
        })).hasMessage("the new PIN is refused");
        assertThat(first).as("the first secret is wiped when the second is refused").containsOnly(0);
    }
}
