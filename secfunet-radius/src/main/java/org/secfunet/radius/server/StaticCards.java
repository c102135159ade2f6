package org.secfunet.radius.server;

import java.util.List;
import org.secfunet.pcsc.Readers;
import org.secfunet.pcsc.eapcard.EapSmartcard;
import org.secfunet.pcsc.eapcard.ServiceCard;
import org.secfunet.service.CardPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cards of the static {@code [[card]]} list, leased from a local {@link CardPool} (ids are the list's indexes). */
final class StaticCards implements CardSource {
    private static final Logger LOG = LoggerFactory.getLogger(StaticCards.class);

    private final RadiusServerConfig config;
    private final Readers readers;
    private final CardPool pool;
    private final List<String> ids;

    StaticCards(RadiusServerConfig config, Readers readers, CardPool pool, List<String> ids) {
        this.config = config;
        this.readers = readers;
        this.pool = pool;
        this.ids = ids;
    }

    @Override
    public Taken take(long waitMillis) throws InterruptedException {
        CardPool.Lease lease;
        try {
            lease = pool.lease(ids, waitMillis);
        } catch (CardPool.Busy e) {
            throw new Busy(e.getMessage());
        } catch (CardPool.Unavailable e) {
            throw new Unavailable(e.getMessage());
        }
        RadiusServerConfig.Card cfg = config.cards().get(Integer.parseInt(lease.cardId()));
        EapSmartcard card;
        try {
            card = ServiceCard.connect(readers, cfg.reader());
        } catch (RuntimeException e) {
            lease.fail(e.getMessage());
            LOG.warn("card {} leaves the pool: {}", lease.cardId(), e.getMessage());
            throw new Failed("card " + lease.cardId() + " failed: " + e.getMessage());
        }
        CardLease l = new CardLease() {
            @Override
            public String cardId() {
                return lease.cardId();
            }

            @Override
            public void close() {
                lease.close();
            }

            @Override
            public void fail(RuntimeException failure) {
                lease.fail(failure.getMessage());
            }
        };
        return new Taken(l, card, sc -> ServiceCard.verifyPin(sc, cfg.pin().read()), cfg.identity());
    }
}
