/**
 * Typed references for the paths of rooms, people and presence that converters.ts does not
 * cover. Same habit: ids stay in paths, timestamps read with serverTimestamps 'estimate'.
 */
import type { Ban, Invite, NotificationSettings, Presence, ReadCursor } from '@chat/shared';
import { collection, doc, type Firestore, type Timestamp } from 'firebase/firestore';
import { converter, type WithId } from './converters';

export type { PresenceDoc } from './converters';
export type InviteDoc = WithId<Invite<Timestamp>>;
export type BanDoc = WithId<Ban<Timestamp>>;
export type SettingsDoc = WithId<NotificationSettings>;

const presenceConverter = converter<Presence<Timestamp>>();
const inviteConverter = converter<Invite<Timestamp>>();
const banConverter = converter<Ban<Timestamp>>();
const settingsConverter = converter<NotificationSettings>();
const readConverter = converter<ReadCursor<Timestamp>>();

export const moreRefs = {
  reads: (db: Firestore, uid: string) => collection(db, 'users', uid, 'reads').withConverter(readConverter),
  presence: (db: Firestore, uid: string) => doc(db, 'presence', uid).withConverter(presenceConverter),
  presences: (db: Firestore) => collection(db, 'presence').withConverter(presenceConverter),
  invite: (db: Firestore, roomId: string, code: string) =>
    doc(db, 'rooms', roomId, 'invites', code).withConverter(inviteConverter),
  invites: (db: Firestore, roomId: string) => collection(db, 'rooms', roomId, 'invites').withConverter(inviteConverter),
  ban: (db: Firestore, roomId: string, uid: string) =>
    doc(db, 'rooms', roomId, 'bans', uid).withConverter(banConverter),
  notificationSettings: (db: Firestore, uid: string) =>
    doc(db, 'users', uid, 'settings', 'notifications').withConverter(settingsConverter),
};
