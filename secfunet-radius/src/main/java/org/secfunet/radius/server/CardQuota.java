package org.secfunet.radius.server;

import java.util.HashMap;
import java.util.Map;

/**
 * How many cards each NAS and each calling station holds, bounded, so that one source of
 * abandoned starts cannot take every card: a conversation start takes a {@link Hold} (waiting
 * for a card included) before it leases a card, and gives it back when the conversation ends.
 */
final class CardQuota {
    /** The NAS or the calling station already holds its share of the cards. */
    static final class Exceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Exceeded(String message) {
            super(message);
        }
    }

    /** One conversation's place in the quota; {@link #release()} is idempotent. */
    final class Hold {
        /** Null once released. */
        private String nas;
        private String station;

        /** Takes the place (the caller holds the quota's lock). */
        private Hold(String nas, String station) {
            this.nas = nas;
            this.station = station;
            byNas.merge(nas, 1, Integer::sum);
            byStation.merge(station, 1, Integer::sum);
        }

        void release() {
            synchronized (CardQuota.this) {
                if (nas == null) {
                    return;
                }
                decrement(byNas, nas);
                decrement(byStation, station);
                nas = null;
                station = null;
            }
        }
    }

    private final int perNas;
    private final int perStation;
    private final Map<String, Integer> byNas = new HashMap<>();
    private final Map<String, Integer> byStation = new HashMap<>();

    /** {@code perNas} {@link RadiusServerConfig#NO_BOUND}: no bound per NAS. */
    CardQuota(int perNas, int perStation) {
        this.perNas = perNas == RadiusServerConfig.NO_BOUND ? Integer.MAX_VALUE : perNas;
        this.perStation = perStation;
    }

    /**
     * A place for one more conversation of {@code nas} (its address) and {@code station} (who
     * the peer says it is: its Calling-Station-Id, or its User-Name).
     *
     * @throws Exceeded either already holds its maximum
     */
    synchronized Hold take(String nas, String station) {
        if (byNas.getOrDefault(nas, 0) >= perNas) {
            throw new Exceeded("NAS " + nas + " already holds " + perNas + " card(s) (limits.max_cards_per_nas)");
        }
        if (byStation.getOrDefault(station, 0) >= perStation) {
            throw new Exceeded(station + " already holds " + perStation + " card(s) (limits.max_cards_per_station)");
        }
        return new Hold(nas, station);
    }

    private static void decrement(Map<String, Integer> m, String key) {
        m.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
    }
}
