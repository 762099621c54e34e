/**
 * What receipts are derived from: the room's server-owned summary of members' read cursors.
 * The members' presence, the other half, comes from data/presence. Nothing here writes.
 */
import { refs } from './converters';
import { docSubscription } from './listen';

export const subscribeReceiptSummary = docSubscription((db, roomId: string) => refs.receiptSummary(db, roomId));
