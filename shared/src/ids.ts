/** A direct room's id is derived from the two sorted uids, so a pair can never have two. */
export function directRoomId(a: string, b: string): string {
  if (a === b) throw new Error('A direct room needs two different people');
  return a < b ? `dm_${a}_${b}` : `dm_${b}_${a}`;
}

/** Whether a room id is a direct room's: the rules keep the dm_ prefix for them alone. */
export function isDirectRoomId(roomId: string): boolean {
  return roomId.startsWith('dm_');
}
