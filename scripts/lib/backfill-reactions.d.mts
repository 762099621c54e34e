import type { Firestore } from 'firebase-admin/firestore';

/** shared/src/limits.ts's, as the plain-Node migration holds them */
export const REACTION_NAMES: number;
export const MAX_REACTION_EMOJIS: number;

export interface ReactionsBackfillResult {
  scanned: number;
  /** messages given their names and reactionCounts */
  updated: number;
  /** reaction documents written (a merge: one already right is written again, unchanged) */
  reactionDocs: number;
  /** message updates refused because the message changed (or went) after it was read */
  changedMeanwhile: number;
}

/**
 * What a message needs (null: nothing): its people's emojis, and its names and counts; for one
 * already counted that lists more people than its counts (the old app's late reactions), their
 * documents only (patch null: the functions count them).
 */
export function planOf(
  reactions: unknown,
  reactionCounts: unknown,
): {
  docs: Map<string, string[]>;
  patch: { reactions: Record<string, string[]>; reactionCounts: Record<string, number> } | null;
} | null;

export function backfillReactions(
  db: Firestore,
  options?: { pageSize?: number; log?: (line: string) => void },
): Promise<ReactionsBackfillResult>;
