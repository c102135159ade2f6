package org.secfunet.cli;

import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `secfunet sim change-pin|disable-pin|enable-pin|unblock`: PIN1 management of a SIM/USIM. */
final class SimPinCommands {
    private SimPinCommands() {
    }

    @Command(name = "change-pin", mixinStandardHelpOptions = true, description = "CHANGE PIN: the current PIN (-pass) and a new one (4-8 digits).")
    static final class ChangePin implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        SimCommand.Access access;
        @Option(names = "--new-pin", required = true, paramLabel = "SPEC", description = "New PIN: pass:…, env:…, file:…, stdin.")
        String newPin;

        @Override
        public void run() {
            access.with(spec, false, (card, out) -> {
                char[] old = SecretSource.read(access.pass, "-pass", "current SIM PIN: ");
                char[] next = null;
                try {
                    next = SecretSource.read(newPin, "--new-pin", "new SIM PIN: ");
                    card.changePin(old, next);
                } finally {
                    wipe(old, next);
                }
                out.println("PIN changed");
            });
        }
    }

    @Command(name = "disable-pin", mixinStandardHelpOptions = true, description = "DISABLE PIN: IMSI and authentication no longer need the PIN.")
    static final class DisablePin implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        SimCommand.Access access;

        @Override
        public void run() {
            enable(spec, access, false);
        }
    }

    @Command(name = "enable-pin", mixinStandardHelpOptions = true, description = "ENABLE PIN: IMSI and authentication need the PIN again.")
    static final class EnablePin implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        SimCommand.Access access;

        @Override
        public void run() {
            enable(spec, access, true);
        }
    }

    private static void wipe(char[]... secrets) {
        for (char[] s : secrets) {
            if (s != null) {
                Arrays.fill(s, '\0');
            }
        }
    }

    private static void enable(CommandSpec spec, SimCommand.Access access, boolean enabled) {
        access.with(spec, false, (card, out) -> {
            char[] pin = SecretSource.read(access.pass, "-pass", "SIM PIN: ");
            try {
                card.setPinEnabled(pin, enabled);
            } finally {
                Arrays.fill(pin, '\0');
            }
            out.println(enabled ? "PIN enabled" : "PIN disabled");
        });
    }

    @Command(name = "unblock", mixinStandardHelpOptions = true, description = "UNBLOCK PIN with the PUK (8 digits), setting a new PIN.")
    static final class Unblock implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        SimCommand.Access access;
        @Option(names = "--puk", required = true, paramLabel = "SPEC", description = "PUK: pass:…, env:…, file:…, stdin.")
        String puk;
        @Option(names = "--new-pin", required = true, paramLabel = "SPEC", description = "New PIN: pass:…, env:…, file:…, stdin.")
        String newPin;

        @Override
        public void run() {
            access.with(spec, false, (card, out) -> {
                char[] p = SecretSource.read(puk, "--puk", "SIM PUK: ");
                char[] next = null;
                try {
                    next = SecretSource.read(newPin, "--new-pin", "new SIM PIN: ");
                    card.unblockPin(p, next);
                } finally {
                    wipe(p, next);
                }
                int left = card.pukTriesLeft(); // -1: a GSM SIM does not say
                out.println("PIN unblocked and set" + (left >= 0 ? "; PUK tries left: " + left : ""));
            });
        }
    }
}
