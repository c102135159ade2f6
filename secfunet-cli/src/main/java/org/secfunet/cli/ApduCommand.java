package org.secfunet.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.secfunet.apdu.ApduFormatException;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.HexFormatException;
import org.secfunet.apdu.ResponseApdu;
import org.secfunet.apdu.Transport;
import org.secfunet.apdu.layer.MoreBitChainingLayer;
import org.secfunet.apdu.layer.TransportStack;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.eapcard.EapCardCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "apdu", mixinStandardHelpOptions = true,
        description = "Send APDUs to a card and print each response with its status word's meaning.")
final class ApduCommand implements Runnable {
    @Spec
    CommandSpec spec;
    @Mixin
    DiagnosticOptions diagnostics;

    @Mixin
    ReaderOption reader;

    @Parameters(arity = "1..*", paramLabel = "HEX", description = "Command APDUs in hex (spaces allowed inside one quoted argument).")
    List<String> apdus;

    @Option(names = "--raw", description = "Send exactly these bytes: no GET RESPONSE, FETCH, 6Cxx or chaining.")
    boolean raw;

    @Option(names = "--exclusive", description = "Hold the card exclusively while sending.")
    boolean exclusive;

    @Option(names = "--chain", paramLabel = "N", description = "ISO command chaining for data longer than N bytes.")
    int chain;

    @Option(names = "--more-bit", paramLabel = "N", description = "EAP card P1 More-bit chaining (CLA A0) for data longer than N (<= 255) bytes.")
    int moreBit;

    @Option(names = "--wait", paramLabel = "MS", defaultValue = "0", description = "Wait up to MS milliseconds for a card.")
    long waitMillis;

    @Override
    public void run() {
        List<byte[]> commands = new ArrayList<>();
        for (int i = 0; i < apdus.size(); i++) {
            String text = apdus.get(i);
            try {
                byte[] b = Hex.decode(text);
                CommandApdu.parse(b);
                commands.add(b);
            } catch (HexFormatException | ApduFormatException e) {
                throw new UserException("APDU #" + (i + 1) + " '" + text + "' is not valid: " + e.getMessage(), Errors.USAGE);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        ConnectOptions opts = UserInput.parse(() -> ConnectOptions.DEFAULT.waitingFor(waitMillis));
        if (exclusive) {
            opts = opts.exclusive();
        }
        try (Tracer tracer = diagnostics.openTrace(); CardSession session = reader.connect(opts)) {
            TransportStack stack = TransportStack.builder().maxNe(session.maxNe()).trace(tracer, session.readerName());
            if (raw) {
                stack.raw();
            }
            if (chain > 0) {
                stack.isoChaining(chain);
            }
            if (moreBit > 0) {
                stack.moreBitChaining(moreBit, MoreBitChainingLayer.forCommand(EapCardCommands.CLA, EapCardCommands.Ins.PROCESS_EAP));
            }
            tracer.event(session.readerName(), "connected, ATR " + Hex.spaced(session.atr()));
            Transport t = stack.build(session.transport());
            for (byte[] c : commands) {
                out.println("> " + Hex.spaced(org.secfunet.apdu.trace.Redaction.redact(c)));
                ResponseApdu r = ResponseApdu.parse(t.transmit(c));
                if (r.length() > 0) {
                    out.println("< " + Hex.spaced(r.data()) + "  (" + r.length() + " bytes)");
                }
                out.println("< SW " + Hex.shortHex(r.sw()) + "  " + r.meaning());
                out.flush();
            }
        } catch (java.io.IOException e) {
            throw new UserException("cannot open the trace destination: " + e.getMessage());
        }
    }
}
