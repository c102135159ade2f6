package org.secfunet.apdu.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.Transport;

/** Test double: expects commands in order and gives scripted answers; records what it saw. */
final class ScriptedCard implements Transport {
    private final Deque<String[]> script = new ArrayDeque<>();
    final List<String> seen = new ArrayList<>();

    ScriptedCard expect(String command, String answer) {
        script.add(new String[] {command, answer});
        return this;
    }

    @Override
    public byte[] transmit(byte[] command) {
        String got = Hex.encode(command);
        seen.add(got);
        String[] next = script.poll();
        assertThat(next).as("unexpected extra command %s", got).isNotNull();
        assertThat(got).as("command #%d", seen.size()).isEqualTo(next[0].replace(" ", ""));
        return Hex.decode(next[1]);
    }

    void assertDone() {
        assertThat(script).as("commands the card still expected").isEmpty();
    }
}
