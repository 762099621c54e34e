import type { Firestore } from 'firebase-admin/firestore';

export interface MembershipMigration {
  /** member documents seen */
  members: number;
  /** room-list entries created (a member document without one) */
  listed: number;
  rooms: number;
  /** rooms given their memberCount */
  counted: number;
  /** group rooms that lost memberIds (with dropMemberIds) */
  dropped: number;
  /** room updates refused because the room changed (or went) after it was read */
  changedMeanwhile: number;
}
export function migrateMembership(
  db: Firestore,
  options?: { dropMemberIds?: boolean; pageSize?: number; log?: (line: string) => void },
): Promise<MembershipMigration>;
