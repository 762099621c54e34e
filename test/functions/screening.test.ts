import { memberDocument } from '@chat/shared';
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import { FunctionsError } from 'firebase/functions';
import { describe, expect, it } from 'vitest';
import { decide } from '../../functions/src/callable/moderateMessage';
import { removeOrphanChunks } from '../../functions/src/triggers/removeChunksOfDeletedUpload';
import { copyNameToMemberships, handleProfile } from '../../functions/src/triggers/screenProfile';
import { handleRename } from '../../functions/src/triggers/onRoomRenamed';
import { systemText } from '../../functions/src/lib/systemEvents';
import { handleReport } from '../../functions/src/triggers/onReportCreated';
import { handleScreen } from '../../functions/src/messages/screen';
import { computeSummary } from '../../functions/src/lib/roomSummary';
import { refs } from '../../functions/src/lib/typed';
import { eventually, uniqueId } from '../support/env';
import {
  addMessage,
  direct,
  messageData,
  messageOnce,
  renameRoom,
  seedRoom,
  storedMessage,
  triggered,
  TRIGGER_TIMEOUT_MS,
} from './support';

const LONG = 150_000;
const SHA = 'a'.repeat(64);

async function withFile(
  db: FirebaseFirestore.Firestore,
  roomId: string,
  author: string,
  text: string,
  name = 'plan.pdf',
) {
  const messageId = uniqueId('m');
  const attachmentId = uniqueId('att');
  const attachment = {
    id: attachmentId,
    name,
    contentType: 'application/pdf',
    size: 3,
    sha256: SHA,
    width: null,
    height: null,
  };
  await db.doc(`rooms/${roomId}/attachments/${attachmentId}`).set({
    uploaderId: author,
    messageId,
    name,
    contentType: 'application/pdf',
    size: 3,
    sha256: SHA,
    chunkCount: 1,
    complete: true,
    createdAt: FieldValue.serverTimestamp(),
  });
  await db.doc(`rooms/${roomId}/attachments/${attachmentId}/chunks/0`).set({ index: 0, data: Buffer.from([1, 2, 3]) });
  await db.doc(`rooms/${roomId}/messages/${messageId}`).set(messageData(author, text, { attachment }));
  return { messageId, attachmentId, data: storedMessage(author, text, { attachment }) };
}

describe('moderation beyond the text, called directly', () => {
  it('hiding a message takes its file out of sight; a restore brings both back; a removal deletes the file', async () => {
    const db = direct();
    const { roomId, owner, members } = await seedRoom(db, 2);
    await db.doc(`rooms/${roomId}/config/moderation`).set({ terms: { forbidden: 'hide' } });
    const { messageId, attachmentId, data } = await withFile(db, roomId, members[1]!, 'the forbidden plan');
    expect(await handleScreen(db, { eventId: uniqueId('e'), roomId, messageId, before: undefined, after: data })).toBe(
      'hidden',
    );
    const hidden = (await db.doc(`rooms/${roomId}/messages/${messageId}`).get()).data();
    expect(hidden).toMatchObject({ text: '', hidden: true, attachment: null });
    expect((await db.doc(`rooms/${roomId}/attachments/${attachmentId}`).get()).get('hidden')).toBe(true);
    expect((await db.doc(`rooms/${roomId}/moderationQueue/${messageId}`).get()).get('attachment.id')).toBe(
      attachmentId,
    );

    await decide(db, { uid: owner, appAdmin: false }, { roomId, messageId, decision: 'restore' });
    const restored = (await db.doc(`rooms/${roomId}/messages/${messageId}`).get()).data();
    expect(restored).toMatchObject({ text: 'the forbidden plan', hidden: false, attachment: { id: attachmentId } });
    expect((await db.doc(`rooms/${roomId}/attachments/${attachmentId}`).get()).get('hidden')).toBe(false);

    const second = await withFile(db, roomId, members[1]!, 'another forbidden plan');
    await handleScreen(db, {
      eventId: uniqueId('e'),
      roomId,
      messageId: second.messageId,
      before: undefined,
      after: second.data,
    });
    await decide(db, { uid: owner, appAdmin: false }, { roomId, messageId: second.messageId, decision: 'remove' });
    expect((await db.doc(`rooms/${roomId}/attachments/${second.attachmentId}`).get()).exists).toBe(false);
    expect((await db.collection(`rooms/${roomId}/attachments/${second.attachmentId}/chunks`).get()).size).toBe(0);
  });

  it('a message held until screened is released by the screening, clean or masked, and stays out of the summary until then', async () => {
    const db = direct();
    const { roomId, members } = await seedRoom(db, 2);
    await db.doc(`rooms/${roomId}/config/moderation`).set({ terms: { grapefruit: 'mask' } });
    const author = members[1]!;
    const cleanId = await addMessage(db, roomId, author, 'a clean first word');
    const heldId = await addMessage(db, roomId, author, 'lunch at noon', { screened: false });
    // the room list shows the newest message the room may see: not the held one
    expect((await computeSummary(db, roomId)).lastMessage?.id).toBe(cleanId);

    const read = async (id: string) => (await refs.message(db, roomId, id).get()).data()!;
    const screen = async (id: string) =>
      handleScreen(db, { eventId: uniqueId('e'), roomId, messageId: id, before: undefined, after: await read(id) });
    expect(await screen(heldId)).toBe('released');
    expect(await read(heldId)).toMatchObject({ text: 'lunch at noon', screened: true });
    expect((await computeSummary(db, roomId)).lastMessage).toMatchObject({ id: heldId, excerpt: 'lunch at noon' });

    const maskedId = await addMessage(db, roomId, author, 'I like grapefruit', { screened: false });
    expect(await screen(maskedId)).toBe('masked');
    expect(await read(maskedId)).toMatchObject({ text: 'I like **********', screened: true });
    expect((await computeSummary(db, roomId)).lastMessage?.excerpt).toBe('I like **********');

    // a message that is not held is left as it is when clean: no write, no flag
    const plainId = await addMessage(db, roomId, author, 'nothing to hold');
    expect(await screen(plainId)).toBe('clean');
    expect((await read(plainId)).screened).toBeUndefined();

    // an edit in a holding room holds the message again; the screening releases it again
    const before = await read(heldId);
    await db
      .doc(`rooms/${roomId}/messages/${heldId}`)
      .update({ text: 'lunch at one', editedAt: Timestamp.now(), screened: false });
    const edited = await read(heldId);
    expect(await handleScreen(db, { eventId: uniqueId('e'), roomId, messageId: heldId, before, after: edited })).toBe(
      'released',
    );
    expect(await read(heldId)).toMatchObject({ text: 'lunch at one', screened: true });
  });

  it("a new message's author name and file name are masked where the blocklist matches", async () => {
    const db = direct();
    const { roomId, members } = await seedRoom(db, 2);
    const { messageId, attachmentId, data } = await withFile(db, roomId, members[1]!, 'hello', 'shit list.pdf');
    const after = { ...data, authorName: 'Big Shit' };
    expect(await handleScreen(db, { eventId: uniqueId('e'), roomId, messageId, before: undefined, after })).toBe(
      'names-masked',
    );
    const message = (await db.doc(`rooms/${roomId}/messages/${messageId}`).get()).data();
    expect(message).toMatchObject({ authorName: 'Big ****', text: 'hello', attachment: { name: '**** list.pdf' } });
    expect((await db.doc(`rooms/${roomId}/attachments/${attachmentId}`).get()).get('name')).toBe('**** list.pdf');
  });

  it('reports from an account younger than a day or a membership younger than an hour do not count toward hiding', async () => {
    const db = direct();
    const { roomId, members } = await seedRoom(db, 5);
    await db.doc(`rooms/${roomId}/config/moderation`).set({ terms: {}, reportThreshold: 2 });
    const messageId = await addMessage(db, roomId, members[0]!, 'an unpopular opinion');
    const [, established, freshAccount, freshMember] = members as [string, string, string, string];
    await db.doc(`users/${freshAccount}`).update({ createdAt: Timestamp.fromMillis(Date.now() - 3_600_000) });
    await db
      .doc(`rooms/${roomId}/members/${freshMember}`)
      .update({ joinedAt: Timestamp.fromMillis(Date.now() - 60_000) });
    const report = (reporterId: string) =>
      handleReport(db, { eventId: uniqueId('e'), roomId, report: { messageId, reporterId, reason: 'spam' } });
    expect(await report(freshAccount)).toBe('counted');
    expect(await report(freshMember)).toBe('counted');
    const message = (await db.doc(`rooms/${roomId}/messages/${messageId}`).get()).data();
    expect(message?.hidden).toBeUndefined();
    expect(message?.moderation?.reportCount).toBe(0);
    // the moderators still see them
    expect((await db.doc(`rooms/${roomId}/moderationQueue/${messageId}`).get()).get('reasons')).toEqual([
      'report(new):spam',
    ]);
    expect(await report(established)).toBe('counted');
    expect(await report(members[4]!)).toBe('hidden');
  });

  it("a room admin moderates only lower roles' messages; the owner and app admins any", async () => {
    const db = direct();
    const { roomId, owner, members } = await seedRoom(db, 3);
    const admin = members[1]!;
    await db.doc(`rooms/${roomId}/members/${admin}`).update({ role: 'admin' });
    const byOwner = await addMessage(db, roomId, owner, 'from the owner');
    const byMember = await addMessage(db, roomId, members[2]!, 'from a member');
    const code = async (promise: Promise<unknown>) =>
      promise.then(
        () => 'ok',
        (e: unknown) =>
          e instanceof FunctionsError || (e as { code?: string }).code ? (e as { code: string }).code : String(e),
      );
    expect(
      await code(decide(db, { uid: admin, appAdmin: false }, { roomId, messageId: byOwner, decision: 'remove' })),
    ).toBe('permission-denied');
    expect(
      await code(decide(db, { uid: admin, appAdmin: false }, { roomId, messageId: byMember, decision: 'remove' })),
    ).toBe('ok');
    expect(
      await code(
        decide(db, { uid: uniqueId('root'), appAdmin: true }, { roomId, messageId: byOwner, decision: 'remove' }),
      ),
    ).toBe('ok');
  });

  it('a profile name is masked once, and nameLower with it', async () => {
    const db = direct();
    const uid = uniqueId('p');
    await db
      .doc(`users/${uid}`)
      .set({ displayName: 'Fuck Boss', nameLower: 'fuck boss', photoURL: null, createdAt: new Date() });
    expect(await handleProfile(db, uid, (await refs.profile(db, uid).get()).data())).toBe('masked');
    expect((await db.doc(`users/${uid}`).get()).data()).toMatchObject({
      displayName: '**** Boss',
      nameLower: '**** boss',
    });
    expect(await handleProfile(db, uid, (await refs.profile(db, uid).get()).data())).toBe('clean');
  });

  it("a person's name as their profile holds it now is copied onto their member document in every room of theirs", async () => {
    const db = direct();
    const first = await seedRoom(db, 2);
    const second = await seedRoom(db, 1);
    const uid = first.members[1]!;
    // in the second room too, and listed in a third whose member document is gone (a leave under way)
    await db
      .doc(`rooms/${second.roomId}/members/${uid}`)
      .set(memberDocument({ uid, role: 'member', displayName: `Member ${uid}`, joinedAt: Timestamp.now() }));
    await db.doc(`users/${uid}/rooms/${second.roomId}`).set({ joinedAt: Timestamp.now() });
    await db.doc(`users/${uid}/rooms/${uniqueId('gone')}`).set({ joinedAt: Timestamp.now() });
    await db.doc(`users/${uid}`).update({ displayName: 'Renée Q', nameLower: 'renée q' });

    expect(await copyNameToMemberships(db, uid)).toBe(2);
    for (const roomId of [first.roomId, second.roomId]) {
      expect((await db.doc(`rooms/${roomId}/members/${uid}`).get()).data()).toMatchObject({
        displayName: 'Renée Q',
        nameLower: 'renée q',
      });
    }
    // the other member keeps theirs
    expect((await db.doc(`rooms/${first.roomId}/members/${first.owner}`).get()).get('displayName')).toBe(
      `Member ${first.owner}`,
    );
  });

  it("a rename's blocked words are masked in the room only while the room still shows them; the notice is masked either way", async () => {
    const db = direct();
    const { roomId } = await seedRoom(db);
    const room = () => db.doc(`rooms/${roomId}`).get();
    const notices = async () =>
      (await db.collection(`rooms/${roomId}/messages`).where('kind', '==', 'system').get()).docs.map((d) =>
        String(d.get('text')),
      );

    // the room shows what the admin typed: both fields are masked, and announced as shown
    await db.doc(`rooms/${roomId}`).update({ name: 'shit talk', topic: 'no shit' });
    const first = { name: 'shit talk', topic: 'no shit' };
    const eventId = uniqueId('rename');
    await handleRename(db, { eventId, roomId, rename: first, at: Timestamp.now() });
    expect((await room()).data()).toMatchObject({ name: '**** talk', topic: 'no ****' });
    expect(await notices()).toHaveLength(2);
    expect((await notices()).join(' ')).not.toContain('shit');
    // a redelivery posts nothing twice
    await handleRename(db, { eventId, roomId, rename: first, at: Timestamp.now() });
    expect(await notices()).toHaveLength(2);

    // a later rename reached the room before this one was screened: the room keeps the later name
    await db.doc(`rooms/${roomId}`).update({ name: 'calm talk' });
    await handleRename(db, { eventId: uniqueId('rename'), roomId, rename: { name: 'shit show' }, at: Timestamp.now() });
    expect((await room()).get('name')).toBe('calm talk');
    expect(await notices()).toContain(systemText.renamed('**** show').text);
  });

  it('chunks left under a deleted meta are removed', async () => {
    const db = direct();
    const roomId = uniqueId('room');
    await db.doc(`rooms/${roomId}/attachments/a1/chunks/0`).set({ index: 0, data: Buffer.from([1]) });
    await db.doc(`rooms/${roomId}/attachments/a1/chunks/1`).set({ index: 1, data: Buffer.from([1]) });
    expect(await removeOrphanChunks(db, roomId, 'a1')).toBe(2);
    expect((await db.collection(`rooms/${roomId}/attachments/a1/chunks`).get()).size).toBe(0);
  });
});

describe('moderation beyond the text, on the emulator', () => {
  it(
    'with nothing configured, the shipped list masks a message, a room name and a profile name',
    async () => {
      const db = triggered();
      const { roomId, owner } = await seedRoom(db, 1);
      const messageId = await addMessage(db, roomId, owner, 'what the fuck is this');
      const masked = await messageOnce(
        db,
        roomId,
        messageId,
        (m) => m.moderation?.action === 'masked',
        'the masked message',
      );
      expect(masked.text).toBe('what the **** is this');

      await renameRoom(db, roomId, owner, { name: 'shit talk' });
      await eventually(
        async () => ((await db.doc(`rooms/${roomId}`).get()).get('name') === '**** talk' ? true : undefined),
        'the masked room name',
        TRIGGER_TIMEOUT_MS,
      );
      const notices = await eventually(
        async () => {
          const snap = await db.collection(`rooms/${roomId}/messages`).where('kind', '==', 'system').get();
          return snap.size > 0 ? snap.docs.map((d) => String(d.get('text'))) : undefined;
        },
        'the rename notice',
        TRIGGER_TIMEOUT_MS,
      );
      expect(notices.join(' ')).toContain('**** talk');
      expect(notices.join(' ')).not.toContain('shit');

      const uid = uniqueId('named');
      await db
        .doc(`users/${uid}`)
        .set({ displayName: 'Bitch Please', nameLower: 'bitch please', photoURL: null, createdAt: new Date() });
      await eventually(
        async () => ((await db.doc(`users/${uid}`).get()).get('displayName') === '***** Please' ? true : undefined),
        'the masked profile name',
        TRIGGER_TIMEOUT_MS,
      );
    },
    LONG,
  );

  it(
    "a rename reaches the person's member documents, masked where the blocklist matches, as their member list and @mention search show them",
    async () => {
      const db = triggered();
      const { roomId, members } = await seedRoom(db, 2);
      const uid = members[1]!;
      const member = db.doc(`rooms/${roomId}/members/${uid}`);
      const named = (name: string) => async () => {
        const m = (await member.get()).data();
        return m?.displayName === name && m.nameLower === name.toLowerCase() ? true : undefined;
      };
      await db.doc(`users/${uid}`).update({ displayName: 'Zed Renamed', nameLower: 'zed renamed' });
      await eventually(named('Zed Renamed'), 'the new name on the member document', TRIGGER_TIMEOUT_MS);
      await db.doc(`users/${uid}`).update({ displayName: 'Shit Zed', nameLower: 'shit zed' });
      await eventually(named('**** Zed'), 'the masked name on the member document', TRIGGER_TIMEOUT_MS);
    },
    LONG,
  );
});
