package org.secfunet.cli;

import java.io.IOException;
import org.secfunet.apdu.trace.TraceLevel;
import org.secfunet.apdu.trace.Tracer;
import picocli.CommandLine.Option;

/** {@code --trace[=LEVEL]} and {@code --trace-to DEST}: the debug trace of APDUs and events. */
final class TraceOptions {
    @Option(names = "--trace", arity = "0..1", fallbackValue = "apdu", paramLabel = "LEVEL",
            description = "Trace APDUs and events: off, events, apdu (default when given) or hex. PINs are redacted.")
    String level = "off";

    @Option(names = "--trace-to", paramLabel = "DEST", description = "Where the trace goes: stderr (default), stdout or a file (appended).")
    String destination = "stderr";

    Tracer open() throws IOException {
        return Tracer.forDestination(destination, UserInput.parse(() -> TraceLevel.parse(level)));
    }
}
