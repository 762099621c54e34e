import type { Firestore } from 'firebase-admin/firestore';
import type { BackfillResult } from './backfill-thread-fields.mjs';

export function backfillActiveHour(
  db: Firestore,
  options?: { pageSize?: number; log?: (line: string) => void },
): Promise<BackfillResult>;
