package org.secfunet.service;

import java.net.InetSocketAddress;

/**
 * "host:port" as written in configs, requests and command lines: the one parser, with one rule.
 * An IPv6 address is written in brackets ({@code [::1]:443}); a host is a name or an IP address
 * (no spaces or control characters); a port is a decimal number in 1..65535, or 0..65535 for an
 * address to listen on (0: any free port). Every mistake is one line naming the bad part.
 */
public record HostPort(String host, int port) {
    /** The highest TCP/UDP port number (RFC 793 § 3.1: 16-bit port fields). */
    public static final int MAX_PORT = 65535;
    private static final int MAX_HOST = 253;
    private static final String FORM = "HOST:PORT";

    /** An address to connect to: port 1..65535. {@code what} names the field or option in errors. */
    public static HostPort parse(String text, String what) {
        return parse(text, 1, what);
    }

    /** An address to listen on: port 0..65535 (0: any free port). */
    public static HostPort parseListen(String text, String what) {
        return parse(text, 0, what);
    }

    private static HostPort parse(String text, int minPort, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " is empty (expected " + FORM + ")");
        }
        String s = text.strip();
        return parseIn(s, minPort, what + " '" + printable(s) + "'", "is not " + FORM);
    }

    /** {@code s} as it may appear in a one-line message: control characters shown as '?'. */
    public static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    /**
     * The host:port part of a larger address (e.g. a URI's authority); errors start with
     * {@code subject} (which names the whole address) and a missing port is named with {@code form}.
     */
    public static HostPort parseIn(String hostPort, String subject, String form) {
        return parseIn(hostPort, 1, subject, "has no port (" + form + ")");
    }

    private static HostPort parseIn(String s, int minPort, String subject, String noPort) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1 || s.endsWith("]")) {
            throw new IllegalArgumentException(subject + " " + noPort);
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[")) {
            if (!host.endsWith("]") || host.length() == 2) {
                throw new IllegalArgumentException(subject + " has a bracketed host that is not [IPv6]");
            }
            host = host.substring(1, host.length() - 1);
            if (host.indexOf(':') < 0) {
                throw new IllegalArgumentException(subject + " has brackets around a host that is not an IPv6 address");
            }
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException(subject + " has an IPv6 address without brackets (write [ADDRESS]:PORT)");
        }
        if (host.length() > MAX_HOST || !host.matches("[A-Za-z0-9._:%-]+")) {
            throw new IllegalArgumentException(subject + " has a host that is not a name or an IP address");
        }
        return new HostPort(host, port(s.substring(colon + 1), minPort, subject));
    }

    /** A port number alone, {@code minPort}..65535. */
    public static int port(String text, int minPort, String subject) {
        if (!text.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException(subject + " has a port that is not a number");
        }
        int port = Integer.parseInt(text);
        if (port < minPort || port > MAX_PORT) {
            throw new IllegalArgumentException(subject + " has port " + port + " outside " + minPort + ".." + MAX_PORT);
        }
        return port;
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
