package org.secfunet.cli;

import java.io.IOException;
import org.secfunet.apdu.trace.Tracer;
import picocli.CommandLine.Mixin;

/** {@code --debug}, {@code --trace} and {@code --trace-to}: what a command that talks to a card offers to see what went on. */
final class DiagnosticOptions {
    @Mixin
    DebugOption debug;
    @Mixin
    TraceOptions trace;

    /** The trace as asked (off by default). */
    Tracer openTrace() throws IOException {
        return trace.open();
    }
}
