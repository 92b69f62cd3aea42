package dev.checkout.resilience;

/**
 * The size and shape of one fault campaign.
 *
 * @param checkouts            orders placed in all
 * @param clients              concurrent shop clients
 * @param batch                checkouts per fault segment: a segment switches one provider, webhook, storage or crash
 *                             fault on, runs its checkouts from all clients, and switches it off
 * @param paymentWindowSeconds the workflow's payment window ({@code PaymentWindowSeconds}); the checkouts whose
 *                             customer never authenticates end when it passes
 * @param seed                 seed of the random choices (SKUs, quantities, payment methods, races)
 */
public record CampaignSettings(int checkouts, int clients, int batch, int paymentWindowSeconds, long seed) {

    public CampaignSettings {
        if (checkouts < 1 || clients < 1 || batch < 1 || paymentWindowSeconds < 1) {
            throw new IllegalArgumentException("checkouts, clients, batch and the payment window must be positive");
        }
    }

    /** The full campaign: 1,200 checkouts from 16 clients, a 60-second payment window (the template's minimum). */
    public static CampaignSettings full() {
        return new CampaignSettings(1200, 16, 40, 60, 7);
    }

    /** The reduced campaign the build runs: every fault kind, a few checkouts each. */
    public static CampaignSettings reduced() {
        return new CampaignSettings(96, 8, 8, 20, 11);
    }

    public CampaignSettings withCheckouts(int value) {
        return new CampaignSettings(value, clients, batch, paymentWindowSeconds, seed);
    }

    public CampaignSettings withClients(int value) {
        return new CampaignSettings(checkouts, value, batch, paymentWindowSeconds, seed);
    }
}
