package org.secfunet.grid.racs.client;

import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ConnectOptions;
import org.secfunet.pcsc.ReaderException;
import org.secfunet.pcsc.SchemeProvider;

/**
 * {@code racs://host:port/SEID}: a card of a RACS grid. Found by {@link java.util.ServiceLoader}
 * to parse racs:// addresses (connecting through that instance says credentials are needed), and
 * built with explicit credentials by whoever connects: the CLI from its options, s_hypervisor
 * from its configuration.
 */
public final class RacsReaderProvider extends SchemeProvider<RacsAddress> implements AutoCloseable {
    private final Supplier<SSLContext> context;
    private final RacsConnections pool;

    /** For the ServiceLoader: parses racs:// addresses; has no credentials to connect with. */
    public RacsReaderProvider() {
        this(() -> {
            throw new ReaderException(RacsCredentials.MISSING);
        }, null);
    }

    /** With credentials looked up when a racs:// reader is first used (so a mistake in them only matters then). */
    public static RacsReaderProvider withCredentials(Supplier<RacsCredentials> credentials) {
        return new RacsReaderProvider(() -> credentials.get().context(), null);
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
        super(RacsAddress.class, RacsAddress.SYNTAX, RacsAddress::parseOrNull);
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

    /**
     * A fenced connect ({@link ConnectOptions#fenced()}) presents its token as {@link #openFenced}
     * does; one with {@link ConnectOptions#serverCertSha256()} checks the server's certificate too.
     */
    @Override
    protected CardSession open(RacsAddress address, ConnectOptions options) {
        if (options.fenced()) {
            return openFenced(address, options.fencingToken(), options.serverCertSha256());
        }
        return RacsCardSession.open(address, context.get(), pool, RacsFencing.NONE, options.serverCertSha256());
    }

    @Override
    public boolean presentsFencingTokens() {
        return true;
    }

    @Override
    public boolean checksServerCertificates() {
        return true;
    }

    /**
     * Opens the card at {@code address} for the holder of its grid lock, presenting the lock's
     * fencing token (1..2^63-1) with the power-on; see {@link RacsCardSession}.
     */
    public RacsCardSession openFenced(RacsAddress address, long fencingToken) {
        return openFenced(address, fencingToken, null);
    }

    /**
     * As {@link #openFenced(RacsAddress, long)}, on a connection whose server presented the leaf
     * certificate with the SHA-256 fingerprint {@code certSha256} (as the server registered it in
     * ZooKeeper; null: its CA only), else {@link org.secfunet.pcsc.ServerCertificateMismatchException}.
     */
    public RacsCardSession openFenced(RacsAddress address, long fencingToken, String certSha256) {
        return RacsCardSession.open(address, context.get(), pool, RacsFencing.check(fencingToken),
                certSha256 == null ? null : ConnectOptions.checkSha256(certSha256));
    }
}
