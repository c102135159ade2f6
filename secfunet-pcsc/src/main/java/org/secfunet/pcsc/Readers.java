package org.secfunet.pcsc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/** The one resolver from a reader address to a card session, used by every command. */
public final class Readers {
    private final List<ReaderProvider> providers;

    public Readers(List<ReaderProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /**
     * The providers on the class path, PC/SC last as the fallback for names and indexes. Plug-ins are
     * looked up through the class loader that loaded this module, not the thread's context loader:
     * a tool that loads secfunet in a loader of its own ({@code keytool -providerPath}) finds them too.
     */
    public static Readers discover() {
        return discover(List.of());
    }

    /** As {@link #discover()}, with {@code first} asked before the discovered providers (a service's own credentials). */
    public static Readers discover(List<ReaderProvider> first) {
        List<ReaderProvider> found = new ArrayList<>(first);
        ServiceLoader.load(ReaderProvider.class, ReaderProvider.class.getClassLoader()).forEach(found::add);
        found.add(new PcscReaderProvider(PcscReaders.shared()));
        return new Readers(found);
    }

    public CardSession connect(String address, ConnectOptions options) {
        return connect(ReaderAddress.parse(address), options);
    }

    public CardSession connect(ReaderAddress address, ConnectOptions options) {
        for (ReaderProvider p : providers) {
            if (p.supports(address)) {
                if (options.fenced() && !p.presentsFencingTokens()) {
                    throw new ReaderException("reader '" + address.text() + "' cannot check a fencing token (only racs:// readers can): "
                            + "give a racs:// address for a card shared through ZooKeeper");
                }
                if (options.pinsServerCertificate() && !p.checksServerCertificates()) {
                    throw new ReaderException("reader '" + address.text() + "' cannot check its server's certificate fingerprint (only racs:// "
                            + "readers can): give a racs:// address for a card shared through ZooKeeper");
                }
                return p.connect(address, options);
            }
        }
        throw new ReaderException("no provider for reader address '" + address.text() + "'"
                + (address.scheme().isEmpty() ? "" : " (" + address.scheme().toUpperCase(Locale.ROOT) + " support is not installed)"));
    }
}
