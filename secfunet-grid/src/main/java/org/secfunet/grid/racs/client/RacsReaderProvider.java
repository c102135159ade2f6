package org.secfunet.grid.racs.client;

import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.ReaderAddress;
import org.secfunet.pcsc.ReaderProvider;

/**
 * {@code racs://host:port/SEID}: a card of a RACS grid. Found by {@link java.util.ServiceLoader}
 * (credentials from {@link RacsCredentials#fromEnvironment()}), or built with explicit
 * credentials by a service such as s_hypervisor.
 */
public final class RacsReaderProvider implements ReaderProvider, AutoCloseable {
    private final Supplier<SSLContext> context;
    private final RacsConnections pool;

    /** For the ServiceLoader: credentials are looked up when a racs:// reader is first used. */
    public RacsReaderProvider() {
        this(() -> RacsCredentials.fromEnvironment().context(), null);
    }

    /** With explicit credentials; every session opens its own connection. */
    public RacsReaderProvider(SSLContext context) {
        this(() -> context, null);
    }

    /** With explicit credentials, reusing idle connections of {@code pool} (which its owner closes). */
    public RacsReaderProvider(SSLContext context, RacsConnections pool) {
        this(() -> context, pool);
    }

    private RacsReaderProvider(Supplier<SSLContext> context, RacsConnections pool) {
        this.context = context;
        this.pool = pool;
    }

    /** Lets idle pooled connections that are too old go (no-op without a pool). */
    public void sweep() {
        if (pool != null) {
            pool.sweep();
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    public String syntax() {
        return RacsAddress.SYNTAX;
    }

    @Override
    public ReaderAddress parse(String text) {
        return RacsAddress.parseOrNull(text);
    }

    @Override
    public boolean supports(ReaderAddress address) {
        return address instanceof RacsAddress;
    }

    @Override
    public CardSession connect(ReaderAddress address, ConnectOptions options) {
        return RacsCardSession.open((RacsAddress) address, context.get(), pool);
    }
}
