package org.secfunet.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.ResponseApdu;
import org.secfunet.apdu.Transport;
import org.secfunet.apdu.layer.MoreBitChainingLayer;
import org.secfunet.apdu.layer.TransportStack;
import org.secfunet.apdu.trace.TraceLevel;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.card.applet.TestApplet;
import org.secfunet.card.store.CardStore;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.Readers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Stage-1 demo: the SDK and a software card, in process, with the APDU trace shown. */
@Command(name = "sdk", mixinStandardHelpOptions = true,
        description = "Run the SDK against a throwaway software card in this process, showing every APDU.")
final class DemoSdkCommand implements Runnable {
    @Spec
    CommandSpec spec;
    @Mixin
    DebugOption debug;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Path dir = Files.createTempDirectory("secfunet-demo");
            Path store = dir.resolve("demo-card.toml");
            try {
                CardStore.create(store, "demo card", "1234".toCharArray());
                out.println("1. created a software card store " + store + " (PIN 1234)");
                Tracer tracer = Tracer.to(System.out, TraceLevel.APDU);
                try (CardSession s = Readers.discover().connect("vcard:" + store, ConnectOptions.DEFAULT)) {
                    out.println("2. connected to " + s.readerName() + ", ATR " + Hex.spaced(s.atr()));
                    Transport t = TransportStack.builder().trace(tracer, "demo")
                            .moreBitChaining(240, MoreBitChainingLayer.forCommand(0xA0, 0x80)).build(s.transport());
                    step(out, t, "3. SELECT the test applet", CommandApdu.of(0, 0xA4, 4, 0, TestApplet.AID));
                    step(out, t, "4. GET DATA with a wrong Le: the card says 6C10, the SDK re-sends with Le=16", CommandApdu.of(0, 0xCA, 1, 1, 1));
                    step(out, t, "5. VERIFY PIN (redacted in the trace)", CommandApdu.of(0, 0x20, 0, 0x80, "1234".getBytes()));
                    step(out, t, "6. COUNTER (PIN-gated, persisted atomically)", CommandApdu.of(0, 0x30, 0, 0, 4));
                    step(out, t, "7. ECHO 600 bytes without Le: 61xx + GET RESPONSE", CommandApdu.of(0, 0x01, 0, 0, new byte[600]));
                    step(out, t, "8. EAP-style ECHO 600 bytes: P1 More-bit chunks in, 9F00 + FETCH out", CommandApdu.of(0xA0, 0x80, 0, 0, new byte[600]));
                }
                out.println("done: the SDK layers handled 6Cxx, 61xx, 9Fxx and chaining; the PIN never appeared in the trace.");
            } finally {
                Files.deleteIfExists(store);
                Files.deleteIfExists(store.resolveSibling(store.getFileName() + ".lock"));
                Files.deleteIfExists(dir);
            }
        } catch (java.io.IOException e) {
            throw new UserException("demo failed: " + e.getMessage());
        }
    }

    private static void step(PrintWriter out, Transport t, String title, CommandApdu c) {
        out.println(title);
        out.flush();
        ResponseApdu r = t.transmit(c);
        out.println("   => " + r.length() + " data bytes, SW " + Hex.shortHex(r.sw()) + " " + r.meaning());
        out.flush();
    }
}
