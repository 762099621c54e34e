/**
 * What receipts are derived from: in a group room, its server-owned summary of members' read
 * cursors; in a direct room, which keeps no summary, the other person's read cursor itself (the
 * rules let each of the pair read the other's cursor of their room). The members' presence, the
 * other half, comes from data/presence. Nothing here writes.
 */
import { refs } from './converters';
import { docSubscription } from './listen';

export const subscribeReceiptSummary = docSubscription((db, roomId: string) => refs.receiptSummary(db, roomId));

export const subscribePeerCursor = docSubscription((db, roomId: string, peerUid: string) =>
  refs.read(db, peerUid, roomId),
);
