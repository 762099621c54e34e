import { memberDocument } from '@chat/shared';
import { FieldValue } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { handleReport } from '../../functions/src/triggers/onReportCreated';
import { handleScreen } from '../../functions/src/messages/screen';
import { eventually, uniqueId } from '../support/env';
import {
  addMessage,
  anonymousClient,
  codeOf,
  direct,
  messageOnce,
  seedRoom,
  signedInClient,
  storedMessage,
  triggered,
  TRIGGER_TIMEOUT_MS,
} from './support';

const LONG = 150_000;

describe('moderation on the emulator', () => {
  it(
    'masks and hides by the room blocklist, queues hidden text, and a room admin restores it',
    async () => {
      const db = triggered();
      const { roomId, owner, members } = await seedRoom(db, 2);
      const author = members[1]!;
      await db.doc(`rooms/${roomId}/config/moderation`).set({
        terms: { darn: 'mask', forbidden: 'hide' },
        reportThreshold: 2,
        maxLinks: 5,
        maxMentions: 10,
      });
      const masked = await addMessage(db, roomId, author, 'well D.A.R.N it');
      const hidden = await addMessage(db, roomId, author, 'the f0rbiddén word');
      const maskedDoc = await messageOnce(
        db,
        roomId,
        masked,
        (m) => m.moderation?.action === 'masked',
        'the masked message',
      );
      expect(maskedDoc.text).toBe('well ******* it');
      expect(maskedDoc.words).toEqual(['well', 'it']);

      const queued = await eventually(
        async () => (await db.doc(`rooms/${roomId}/moderationQueue/${hidden}`).get()).data(),
        'the queue item',
        TRIGGER_TIMEOUT_MS,
      );
      expect(queued).toMatchObject({
        messageId: hidden,
        authorId: author,
        text: 'the f0rbiddén word',
        status: 'pending',
        reportCount: 0,
      });
      const hiddenDoc = (await db.doc(`rooms/${roomId}/messages/${hidden}`).get()).data();
      expect(hiddenDoc).toMatchObject({
        text: '',
        hidden: true,
        words: [],
        moderation: { action: 'hidden', reasons: ['blocked-term'], reportCount: 0 },
      });

      const moderator = await signedInClient(owner);
      const outsider = await signedInClient(uniqueId('outsider'));
      const anonymous = anonymousClient();
      try {
        expect(
          await codeOf(anonymous.call('moderateMessage', { roomId, messageId: hidden, decision: 'restore' })),
        ).toBe('functions/unauthenticated');
        expect(await codeOf(outsider.call('moderateMessage', { roomId, messageId: hidden, decision: 'restore' }))).toBe(
          'functions/permission-denied',
        );
        expect(await codeOf(moderator.call('moderateMessage', { roomId, messageId: hidden, decision: 'undo' }))).toBe(
          'functions/invalid-argument',
        );
        expect(await codeOf(moderator.call('moderateMessage', { roomId, messageId: 'nope', decision: 'remove' }))).toBe(
          'functions/not-found',
        );
        expect(
          await codeOf(moderator.call('moderateMessage', { roomId, messageId: masked, decision: 'restore' })),
        ).toBe('functions/failed-precondition');
        expect(await moderator.call('moderateMessage', { roomId, messageId: hidden, decision: 'restore' })).toEqual({
          status: 'restored',
        });
      } finally {
        await Promise.all([moderator.close(), outsider.close(), anonymous.close()]);
      }
      const restored = (await db.doc(`rooms/${roomId}/messages/${hidden}`).get()).data();
      expect(restored).toMatchObject({ text: 'the f0rbiddén word', hidden: false, moderation: { action: 'restored' } });
      expect((await db.doc(`rooms/${roomId}/moderationQueue/${hidden}`).get()).get('status')).toBe('restored');
    },
    LONG,
  );

  it(
    'a name with a blocked word is masked on the member document it joined under, nameLower with it',
    async () => {
      const db = triggered();
      const { roomId } = await seedRoom(db, 1);
      const term = uniqueId('zonk');
      // config/moderation is shared by every test of this run, so this test only adds a term
      await db.doc('config/moderation').set({ terms: { [term]: 'mask' } }, { merge: true });
      const uid = uniqueId('joiner');
      const name = `Bo ${term.toUpperCase()}`;
      const batch = db.batch();
      batch.set(
        db.doc(`rooms/${roomId}/members/${uid}`),
        memberDocument({ uid, role: 'member', displayName: name, joinedAt: FieldValue.serverTimestamp() }),
      );
      batch.set(db.doc(`users/${uid}/rooms/${roomId}`), { joinedAt: FieldValue.serverTimestamp() });
      await batch.commit();
      const member = await eventually(
        async () => {
          const data = (await db.doc(`rooms/${roomId}/members/${uid}`).get()).data();
          return data && data.displayName !== name ? data : undefined;
        },
        'the masked member name',
        TRIGGER_TIMEOUT_MS,
      );
      expect(member.displayName).not.toContain(term.toUpperCase());
      // the @mention search finds them by what others see
      expect(member.nameLower).toBe(String(member.displayName).toLowerCase());
    },
    LONG,
  );

  it(
    'global terms apply to every room; link floods and mass mentions are hidden',
    async () => {
      const db = triggered();
      const { roomId, owner } = await seedRoom(db, 1);
      const term = uniqueId('zonk');
      // config/moderation is shared by every test of this run, so this test only adds a term
      await db.doc('config/moderation').set({ terms: { [term]: 'mask' } }, { merge: true });
      const links = Array.from({ length: 6 }, (_, i) => `https://example.com/${i}`).join(' ');
      const ids = await Promise.all([
        addMessage(db, roomId, owner, `so ${term.toUpperCase()}`),
        addMessage(db, roomId, owner, links),
        addMessage(db, roomId, owner, 'hello everyone', { mentions: Array.from({ length: 11 }, (_, i) => `u${i}`) }),
      ]);
      const actions = await eventually(
        async () => {
          const docs = await Promise.all(ids.map((id) => db.doc(`rooms/${roomId}/messages/${id}`).get()));
          const found = docs.map((d) => d.get('moderation') as { action: string; reasons: string[] } | undefined);
          return found.every(Boolean) ? found : undefined;
        },
        'three verdicts',
        TRIGGER_TIMEOUT_MS,
      );
      expect(actions.map((m) => [m?.action, m?.reasons])).toEqual([
        ['masked', ['blocked-term']],
        ['hidden', ['link-flood']],
        ['hidden', ['mass-mention']],
      ]);
    },
    LONG,
  );

  it(
    'reports: counted once per member, hidden at the threshold, and an app admin removes it',
    async () => {
      const db = triggered();
      const { roomId, members } = await seedRoom(db, 3);
      await db
        .doc(`rooms/${roomId}/config/moderation`)
        .set({ terms: {}, reportThreshold: 2, maxLinks: 5, maxMentions: 10 });
      const messageId = await addMessage(db, roomId, members[0]!, 'an innocent-looking message');
      for (const reporter of members.slice(1)) {
        await db
          .doc(`rooms/${roomId}/reports/${reporter}_${messageId}`)
          .set({ messageId, reporterId: reporter, reason: 'spam', createdAt: new Date() });
      }
      const message = await messageOnce(db, roomId, messageId, (m) => m.hidden === true, 'the hidden message');
      expect(message).toMatchObject({
        text: '',
        moderation: { action: 'hidden', reportCount: 2, reasons: ['reports'] },
      });
      expect((await db.doc(`rooms/${roomId}/moderationQueue/${messageId}`).get()).data()).toMatchObject({
        text: 'an innocent-looking message',
        reportCount: 2,
        status: 'pending',
        reasons: ['report:spam'],
      });

      const admin = await signedInClient(uniqueId('appadmin'), { admin: true });
      try {
        expect(await admin.call('moderateMessage', { roomId, messageId, decision: 'remove' })).toEqual({
          status: 'removed',
        });
      } finally {
        await admin.close();
      }
      expect((await db.doc(`rooms/${roomId}/messages/${messageId}`).get()).data()).toMatchObject({
        text: '',
        deleted: true,
        hidden: false,
        moderation: { action: 'removed' },
      });
      expect((await db.doc(`rooms/${roomId}/moderationQueue/${messageId}`).get()).data()).toMatchObject({
        text: '',
        status: 'removed',
      });
    },
    LONG,
  );
});

describe('moderation handlers, called directly', () => {
  it('the same report delivered twice counts once', async () => {
    const db = direct();
    const { roomId, members } = await seedRoom(db, 2);
    const messageId = await addMessage(db, roomId, members[0]!, 'hello');
    const report = { messageId, reporterId: members[1]!, reason: 'rude' };
    const eventId = uniqueId('evt');
    expect(await handleReport(db, { eventId, roomId, report })).toBe('counted');
    expect(await handleReport(db, { eventId, roomId, report })).toBe('duplicate');
    expect((await db.doc(`rooms/${roomId}/messages/${messageId}`).get()).get('moderation.reportCount')).toBe(1);
    expect((await db.doc(`rooms/${roomId}/moderationQueue/${messageId}`).get()).get('reportCount')).toBe(1);
  });

  it('a clean message is left alone; a repeated screening event masks once; a superseded text is not touched', async () => {
    const db = direct();
    const { roomId, owner } = await seedRoom(db, 1);
    await db.doc(`rooms/${roomId}/config/moderation`).set({ terms: { heck: 'mask' } });
    const clean = storedMessage(owner, 'what the check');
    const cleanId = await addMessage(db, roomId, owner, 'what the check');
    expect(
      await handleScreen(db, { eventId: uniqueId('e'), roomId, messageId: cleanId, before: undefined, after: clean }),
    ).toBe('clean');
    expect((await db.doc(`rooms/${roomId}/messages/${cleanId}`).get()).get('moderation')).toBeUndefined();

    const bad = storedMessage(owner, 'what the h3ck');
    const badId = await addMessage(db, roomId, owner, 'what the h3ck');
    const eventId = uniqueId('e');
    expect(await handleScreen(db, { eventId, roomId, messageId: badId, before: undefined, after: bad })).toBe('masked');
    expect(await handleScreen(db, { eventId, roomId, messageId: badId, before: undefined, after: bad })).toBe(
      'duplicate',
    );
    expect((await db.doc(`rooms/${roomId}/messages/${badId}`).get()).get('text')).toBe('what the ****');
    // our own rewrite does not move editedAt, so it is not screened again
    expect(
      await handleScreen(db, {
        eventId: uniqueId('e'),
        roomId,
        messageId: badId,
        before: bad,
        after: { ...bad, text: 'what the ****' },
      }),
    ).toBe('not-new-text');
    // an old event for text that has since changed leaves the message alone
    expect(
      await handleScreen(db, { eventId: uniqueId('e'), roomId, messageId: cleanId, before: undefined, after: bad }),
    ).toBe('superseded');
  });
});
