/**
 * The role ladder: a role acts only on lower roles. Admins never act on the owner (their
 * messages, their bans, their invites) nor on other admins; nobody acts on themselves upward.
 */
import { deleteDoc, doc, serverTimestamp, updateDoc, writeBatch } from 'firebase/firestore';
import { describe, it } from 'vitest';
import {
  as,
  at,
  denied,
  inviteDoc,
  kickStamp,
  membershipDocs,
  removeMembership,
  rulesSuite,
  storedMessage,
} from '../support';
import { seedWorld } from './world';

const env = await rulesSuite('attacks-ladder', (env) =>
  seedWorld(env, {
    ...membershipDocs('pub', 'ad2', 'admin'),
    'rooms/pub/messages/byAdm': storedMessage('adm'),
    'rooms/pub/bans/ex1': { bannedBy: 'own', reason: 'spam', createdAt: at(-1000) },
    'rooms/pub/bans/ex2': { bannedBy: 'ad2', reason: 'spam', createdAt: at(-1000) },
    'rooms/priv/invites/owners-code-0123456789': inviteDoc('own'),
  }),
);

const redaction = { text: '', words: [], deleted: true, attachment: null };

describe('attack: the role ladder', () => {
  it.each<[string, () => Promise<void>]>([
    [
      "an admin redacts the owner's message",
      () => updateDoc(doc(as(env, 'adm'), 'rooms', 'pub', 'messages', 'byOwn'), redaction),
    ],
    [
      "an admin redacts another admin's message",
      () => updateDoc(doc(as(env, 'ad2'), 'rooms', 'pub', 'messages', 'byAdm'), redaction),
    ],
    [
      "a member redacts the victim's message",
      () => updateDoc(doc(as(env, 'mal'), 'rooms', 'pub', 'messages', 'byVic'), redaction),
    ],
    ["an admin lifts the owner's ban", () => deleteDoc(doc(as(env, 'adm'), 'rooms', 'pub', 'bans', 'ex1'))],
    ["an admin lifts another admin's ban", () => deleteDoc(doc(as(env, 'adm'), 'rooms', 'pub', 'bans', 'ex2'))],
    ['a member lifts a ban', () => deleteDoc(doc(as(env, 'mal'), 'rooms', 'pub', 'bans', 'ex1'))],
    [
      "an admin revokes the owner's invite",
      () => updateDoc(doc(as(env, 'adm'), 'rooms', 'priv', 'invites', 'owners-code-0123456789'), { revoked: true }),
    ],
    [
      'an admin mutes the owner',
      () => updateDoc(doc(as(env, 'adm'), 'rooms', 'pub', 'members', 'own'), { mutedUntil: at(3_600_000) }),
    ],
    [
      'an admin mutes another admin',
      () => updateDoc(doc(as(env, 'adm'), 'rooms', 'pub', 'members', 'ad2'), { mutedUntil: at(3_600_000) }),
    ],
    [
      'an admin demotes the owner',
      () => updateDoc(doc(as(env, 'adm'), 'rooms', 'pub', 'members', 'own'), { role: 'member' }),
    ],
    [
      'an admin promotes a member to admin',
      () => updateDoc(doc(as(env, 'adm'), 'rooms', 'pub', 'members', 'vic'), { role: 'admin' }),
    ],
    [
      'a member promotes themselves',
      () => updateDoc(doc(as(env, 'mal'), 'rooms', 'pub', 'members', 'mal'), { role: 'admin' }),
    ],
    [
      'a member unmutes themselves',
      () => updateDoc(doc(as(env, 'mal'), 'rooms', 'pub', 'members', 'mal'), { mutedUntil: null }),
    ],
    [
      'an admin kicks the owner',
      () => {
        const db = as(env, 'adm');
        const batch = writeBatch(db);
        removeMembership(batch, db, 'pub', 'own');
        batch.set(doc(db, 'rooms', 'pub', 'sanctions', 'own'), kickStamp());
        return batch.commit();
      },
    ],
    [
      'an admin bans another admin',
      () => {
        const db = as(env, 'adm');
        const batch = writeBatch(db);
        batch.set(doc(db, 'rooms', 'pub', 'bans', 'ad2'), {
          bannedBy: 'adm',
          reason: '',
          createdAt: serverTimestamp(),
        });
        removeMembership(batch, db, 'pub', 'ad2');
        batch.set(doc(db, 'rooms', 'pub', 'sanctions', 'ad2'), kickStamp());
        return batch.commit();
      },
    ],
  ])('refused: %s', async (_case, attack) => {
    await denied(attack());
  });
});
