package org.secfunet.cli;

import org.secfunet.service.HostPort;

/** A HOST:PORT option, parsed by the one {@link HostPort} parser; a mistake is a usage error naming the option. */
final class HostPortOption {
    /** Where -accept listens when given a port alone. */
    static final String LOOPBACK = "127.0.0.1";

    private HostPortOption() {
    }

    /** An address to connect to (port 1..65535). */
    static HostPort parse(String text, String option) {
        try {
            return HostPort.parse(text, option);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), Errors.USAGE);
        }
    }

    /** An address to listen on (port 0..65535, 0: any free port). */
    static HostPort parseListen(String text, String option) {
        try {
            return HostPort.parseListen(text, option);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), Errors.USAGE);
        }
    }

    /** A port alone to listen on, on the loopback address. */
    static HostPort listenPort(String port, String option) {
        try {
            return new HostPort(LOOPBACK, HostPort.port(port.strip(), 0, option + " '" + HostPort.printable(port) + "'"));
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), Errors.USAGE);
        }
    }
}
