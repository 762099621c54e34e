/**
 * List prices the all-in figure is priced at (bench/src/allIn.ts), dated: update the date and the
 * figures together. Firestore Standard edition in a multi-region location (nam5, the README's
 * deploy default); Cloud Functions (2nd gen, billed as Cloud Run functions) per invocation. Beyond
 * the free tiers, in USD. Compute time, storage and network are not priced here.
 */
export const PRICES = {
  date: '2026-12-02',
  location: 'Firestore nam5 (multi-region), Cloud Functions us-central1',
  source: ['https://cloud.google.com/firestore/pricing', 'https://cloud.google.com/functions/pricing'],
  usdPerMillion: {
    /** $0.06 per 100,000 document reads (a listener's delivered document, a rule's lookup included) */
    reads: 0.6,
    /** $0.18 per 100,000 document writes */
    writes: 1.8,
    /** $0.02 per 100,000 document deletes */
    deletes: 0.2,
    /** $0.40 per million invocations */
    invocations: 0.4,
  },
} as const;

export type Prices = typeof PRICES;
