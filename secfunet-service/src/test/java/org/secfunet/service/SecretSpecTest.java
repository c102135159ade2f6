package org.secfunet.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretSpecTest {
    @TempDir
    Path dir;

    @Test
    void readsEachForm() throws Exception {
        assertThat(new SecretSpec("pass:1234", dir).read()).containsExactly('1', '2', '3', '4');
        Files.writeString(dir.resolve("pin"), "5678\nignored\n");
        assertThat(new SecretSpec("file:pin", dir).read()).containsExactly('5', '6', '7', '8');
        assertThat(new SecretSpec("env:PATH", dir).read()).isNotEmpty();
        assertThat(new SecretSpec("pass:1234", dir)).hasToString("pass:***");
    }

    @Test
    void oneSizeCapForEverySource() throws Exception {
        String max = "x".repeat(SecretSpec.MAX_SECRET);
        assertThat(new SecretSpec("pass:" + max, dir).read()).hasSize(SecretSpec.MAX_SECRET);
        assertThatThrownBy(() -> new SecretSpec("pass:" + max + "x", dir).read()).hasMessage("the secret from pass: is empty or longer than 256 characters");
        Files.writeString(dir.resolve("long"), max + "x\n");
        assertThatThrownBy(() -> new SecretSpec("file:long", dir).read()).hasMessageContaining("longer than 256 characters");
        Files.write(dir.resolve("big"), new byte[SecretSpec.MAX_FILE + 1]);
        assertThatThrownBy(() -> new SecretSpec("file:big", dir).read()).hasMessageContaining("larger than 4096 bytes");
        assertThatThrownBy(() -> new SecretSpec("pass:", dir).read()).hasMessageContaining("is empty");
    }

    @Test
    void errorsNeverRepeatTheSecret() {
        assertThatThrownBy(() -> new SecretSpec("1234", dir)).hasMessage("a secret source must be env:NAME, file:PATH or pass:VALUE");
        assertThatThrownBy(() -> new SecretSpec("env:SECFUNET_SURELY_UNSET", dir).read()).hasMessageContaining("SECFUNET_SURELY_UNSET is not set");
        assertThat(SecretSpec.isSpec("stdin")).isFalse();
    }
}
