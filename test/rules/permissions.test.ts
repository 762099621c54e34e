/**
 * The permission table of test/support/permission-cases.ts, performed against the rules with
 * the app's own writes (web/src/data): every case web/src/lib/permissions.ts allows must be
 * accepted, every case it refuses must be refused. test/unit/permissions.test.ts reads the same
 * table against the module.
 */
import { describe, it } from 'vitest';
import type { DocumentData, Firestore } from 'firebase/firestore';
import { createInvite } from '../../web/src/data/invites';
import { reportMessage } from '../../web/src/data/reports';
import { editMessage, redactMessage, sendMessage, setReaction } from '../../web/src/data/messages';
import { kickMember, leaveRoom, setMutedUntil, setRole, updateRoomSettings } from '../../web/src/data/rooms';
import { MUTED, MUTE_MS, PERMISSION_CASES, roomOf, type PermissionCase } from '../support/permission-cases';
import {
  allowed,
  as,
  at,
  denied,
  membershipDocs,
  profileDoc,
  roomDoc,
  rulesSuite,
  seed,
  storedMessage,
} from './support';

const env = await rulesSuite('permissions');

async function seedCase(c: PermissionCase): Promise<string> {
  const { roomId, kind, cast } = roomOf(c);
  const uids = Object.keys(cast);
  const docs: Record<string, DocumentData> = {
    [`rooms/${roomId}`]: roomDoc(kind, uids.find((u) => cast[u] === 'owner') ?? uids[0]!, uids),
  };
  for (const uid of uids) {
    Object.assign(docs, membershipDocs(roomId, uid, cast[uid]!, uid === MUTED ? { mutedUntil: at(MUTE_MS) } : {}));
    // the rules check every name written as someone's against their profile
    docs[`users/${uid}`] = profileDoc(uid);
  }
  // an outsider too, so a refusal is for what they are and not a missing name
  docs[`users/${c.actor}`] = profileDoc(c.actor);
  // the mute on record, which the member document mirrors
  if (uids.includes(MUTED)) docs[`rooms/${roomId}/sanctions/${MUTED}`] = { mutedUntil: at(MUTE_MS), kickedAt: null };
  if ('message' in c) {
    const m = c.message;
    docs[`rooms/${roomId}/messages/m1`] = storedMessage(m.author, {
      createdAt: at(-m.ageMs),
      kind: m.kind ?? 'text',
      ...(m.deleted ? { deleted: true, text: '', words: [] } : {}),
      ...(m.threadId ? { threadId: m.threadId, inRoom: false } : {}),
    });
  }
  await seed(env, docs);
  return roomId;
}

function perform(db: Firestore, roomId: string, c: PermissionCase): Promise<unknown> {
  switch (c.action) {
    case 'send':
      return sendMessage(db, { roomId, id: 'new1', authorId: c.actor, authorName: `Name ${c.actor}`, text: 'hello' });
    case 'edit':
      return editMessage(db, roomId, 'm1', 'fixed typo', { uid: c.actor });
    case 'delete':
      return redactMessage(db, roomId, 'm1');
    case 'react':
      return setReaction(db, roomId, 'm1', '👍', c.actor, true);
    case 'report':
      return reportMessage(db, roomId, 'm1', c.actor, 'Spam');
    case 'thread':
      return sendMessage(db, {
        roomId,
        id: 'new1',
        authorId: c.actor,
        authorName: `Name ${c.actor}`,
        text: 'in the thread',
        thread: { id: 'm1', inRoom: false },
      });
    case 'setRole':
      return setRole(db, roomId, c.target, c.role);
    case 'mute':
      return setMutedUntil(db, roomId, c.target, new Date(Date.now() + MUTE_MS));
    case 'kick':
      return kickMember(db, roomId, c.target);
    case 'ban':
      return kickMember(db, roomId, c.target, { by: c.actor, reason: '' });
    case 'leave':
      return leaveRoom(db, roomId, c.actor);
    case 'settings':
      // the name and topic roomDoc seeds: the topic changes, recorded with the change
      return updateRoomSettings(db, roomId, c.actor, { topic: 'A new topic' }, { name: 'room', topic: '' });
    case 'invite':
      return createInvite(db, roomId, 'invite-code-0123456789', c.actor);
  }
}

describe('permissions: lib/permissions and the rules agree', () => {
  it.each(PERMISSION_CASES.map((c) => [c.allowed ? 'allowed' : 'refused', c.name, c] as const))(
    '%s: %s',
    async (_verdict, _name, c) => {
      const roomId = await seedCase(c);
      const attempt = perform(as(env, c.actor), roomId, c);
      await (c.allowed ? allowed(attempt) : denied(attempt));
    },
  );
});
