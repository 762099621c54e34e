import type { Firestore } from 'firebase-admin/firestore';

export interface BackfillResult {
  scanned: number;
  updated: number;
  /** updates refused because the document changed (or went) after it was read */
  changedMeanwhile: number;
}
export function backfillThreadFields(
  db: Firestore,
  options?: { pageSize?: number; log?: (line: string) => void },
): Promise<BackfillResult>;
