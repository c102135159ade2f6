package org.secfunet.cli;

import picocli.CommandLine.Option;

/** {@code --debug}: show stack traces (read by {@link Main} before parsing). */
final class DebugOption {
    @Option(names = "--debug", description = "Show the stack trace of errors.")
    boolean debug;
}
