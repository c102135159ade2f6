package org.secfunet.service;

import java.net.InetSocketAddress;

/** "host:port" as written in configs and requests; "[v6]:port" too. */
public record HostPort(String host, int port) {

    public static HostPort parse(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " is empty (expected HOST:PORT)");
        }
        String s = text.strip();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException(what + " '" + s + "' is not HOST:PORT");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || host.length() > 253 || !host.matches("[A-Za-z0-9._:%-]+")) {
            throw new IllegalArgumentException(what + " '" + s + "' has a host that is not a name or an IP address");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + s + "' has a port that is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " '" + s + "' has port " + port + " outside 0..65535");
        }
        return new HostPort(host, port);
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
