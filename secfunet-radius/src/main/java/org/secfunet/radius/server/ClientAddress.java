package org.secfunet.radius.server;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A RADIUS client's address: one IP, or a CIDR block ("10.0.0.0/8"). Literal addresses only (no DNS). */
public record ClientAddress(byte[] network, int prefix) {

    public static ClientAddress parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        String ip = slash < 0 ? s : s.substring(0, slash);
        if (!ip.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address or CIDR block (host names are not accepted)");
        }
        byte[] net;
        try {
            net = InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address");
        }
        int prefix = net.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' has a prefix length that is not a number");
            }
            if (prefix < 0 || prefix > net.length * 8) {
                throw new IllegalArgumentException("'" + s + "' has a prefix length outside 0.." + net.length * 8);
            }
        }
        return new ClientAddress(net, prefix);
    }

    public boolean matches(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (b[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (b[full] & mask) == (network[full] & mask);
    }
}
