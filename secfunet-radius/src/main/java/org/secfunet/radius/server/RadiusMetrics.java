package org.secfunet.radius.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.secfunet.service.CardPool;

/**
 * What radius_server counts, in Prometheus text format: datagrams received and dropped (by
 * reason), replies by code, conversations in progress and how they ended, cards by state.
 */
public final class RadiusMetrics {
    /** How a conversation ended, a tag of {@code secfunet_radius_conversation_time}. */
    public enum Outcome { ACCEPT, REJECT, TIMEOUT, CARD_ERROR, STOPPED }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public RadiusMetrics(RadiusStats stats, CardPool pool, IntSupplier conversations) {
        counter("secfunet_radius_received", "Datagrams received", stats.received);
        dropped("unknown_client", stats.unknownClient);
        dropped("malformed", stats.malformed);
        dropped("bad_authenticator", stats.badAuthenticator);
        dropped("duplicate", stats.duplicates);
        dropped("no_free_card", stats.droppedBusy);
        dropped("overloaded", stats.overloaded);
        reply("challenge", stats.challenges);
        reply("accept", stats.accepts);
        reply("reject", stats.rejects);
        counter("secfunet_radius_unknown_state", "Access-Requests whose State names no conversation (rejected)", stats.unknownState);
        counter("secfunet_radius_over_quota", "Conversation starts rejected: their NAS or calling station already held its share of the cards",
                stats.overQuota);
        Gauge.builder("secfunet_radius_conversations", conversations, IntSupplier::getAsInt).strongReference(true).description("EAP conversations in progress")
                .register(registry);
        for (CardPool.State s : CardPool.State.values()) {
            Gauge.builder("secfunet_radius_cards", pool, p -> p.counts().get(s)).tag("state", s.name().toLowerCase(Locale.ROOT))
                    .description("Cards of the pool by state").register(registry);
        }
        Gauge.builder("secfunet_radius_card_queue_waiting", pool, CardPool::waiting).description("Conversations waiting for a free card")
                .register(registry);
        for (Outcome o : Outcome.values()) {
            timer(o); // every outcome is exported from the start, at zero
        }
    }

    private void counter(String name, String description, AtomicLong value) {
        FunctionCounter.builder(name, value, AtomicLong::get).description(description).register(registry);
    }

    private void dropped(String reason, AtomicLong value) {
        FunctionCounter.builder("secfunet_radius_dropped", value, AtomicLong::get).tag("reason", reason)
                .description("Datagrams dropped without an answer, by reason").register(registry);
    }

    private void reply(String code, AtomicLong value) {
        FunctionCounter.builder("secfunet_radius_replies", value, AtomicLong::get).tag("code", code).description("Replies sent, by code")
                .register(registry);
    }

    private Timer timer(Outcome o) {
        return Timer.builder("secfunet_radius_conversation_time").tag("outcome", o.name().toLowerCase(Locale.ROOT))
                .description("EAP conversations from EAP-Response/Identity to their end (the card is held all along), by outcome")
                .register(registry);
    }

    /** The counters of the pool on ZooKeeper ({@code secfunet_radius_grid_*}). */
    void bindGrid(GridCardStats g) {
        counter("secfunet_radius_grid_lock_waits", "Conversation starts that found every SE of the pool locked and waited for a grid lock", g.lockWaits);
        counter("secfunet_radius_grid_lock_timeouts", "Conversation starts whose wait for a grid lock ran out (dropped)", g.lockTimeouts);
        FunctionCounter.builder("secfunet_radius_grid_refused", g.refusedNoCoordination, AtomicLong::get).tag("reason", "zookeeper_unavailable")
                .description("Conversation starts refused (Access-Reject) by the grid").register(registry);
        counter("secfunet_radius_grid_stale_tokens", "Card sessions the RACS server refused for a stale fencing token", g.staleTokens);
        counter("secfunet_radius_grid_pin_refused", "Wrong PINs of server-role cards (the SE leaves this instance's pool until its PIN source changes)", g.pinRefused);
        counter("secfunet_radius_grid_pin_budget_full", "Starts that did not present a PIN: the SE's shared wrong-PIN budget was used up", g.pinBudgetFull);
    }

    /** Adds {@code binder}'s meters (the grid's {@code GridMetrics} in ZooKeeper mode). */
    public void bind(MeterBinder binder) {
        binder.bindTo(registry);
    }

    public void conversationEnded(Outcome outcome, long nanos) {
        timer(outcome).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
