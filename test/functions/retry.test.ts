import type { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { systemMessageId } from '../../functions/src/lib/systemMessage';
import { isTooOld, MAX_EVENT_AGE_MS, writtenAtMs } from '../../functions/src/lib/trigger';
import { onMemberCreated } from '../../functions/src/triggers/onMemberCreated';
import { uniqueId } from '../support/env';
import { seedRoom, triggered } from './support';

type MemberEvent = Parameters<typeof onMemberCreated.run>[0];

/**
 * Firestore triggers retry a failed event (retry: true, see the deploy check for the manifest),
 * and the age guard ends the retries of an event that keeps failing. The platform redelivers with
 * the event's original time; these deliveries are made by hand through the deployed function's
 * own entry point, with that time set.
 */
describe('retried events', () => {
  it('an event redelivered after the bound is dropped; one redelivered within it is handled', async () => {
    const db = triggered();
    const { roomId } = await seedRoom(db, 1);
    const uid = uniqueId('late');
    const deliver = (id: string, ageMs: number) =>
      onMemberCreated.run({
        id,
        time: new Date(Date.now() - ageMs).toISOString(),
        specversion: '1.0',
        source: '//firestore.googleapis.com/projects/demo/databases/(default)',
        type: 'google.cloud.firestore.document.v1.created',
        document: `rooms/${roomId}/members/${uid}`,
        params: { roomId, uid },
        data: { data: () => ({ uid, role: 'member', displayName: 'Late Comer' }) },
      } as unknown as MemberEvent);
    const notice = async (eventId: string) =>
      (await db.doc(`rooms/${roomId}/messages/${systemMessageId(eventId)}`).get()).exists;

    const stale = uniqueId('evt');
    await deliver(stale, MAX_EVENT_AGE_MS + 60_000);
    expect(await notice(stale)).toBe(false);

    const retried = uniqueId('evt');
    await deliver(retried, 10 * 60_000);
    expect(await notice(retried)).toBe(true);
    // dated when the member joined (the event's time), not when the late delivery posted it: a
    // notice posted late must not land after the messages that followed the join
    const posted = await db.doc(`rooms/${roomId}/messages/${systemMessageId(retried)}`).get();
    expect(Date.now() - (posted.get('createdAt') as Timestamp).toMillis()).toBeGreaterThan(9 * 60_000);
  });

  it("dates an event's write by the written document, not by the event's time (which the emulator sets at delivery)", () => {
    const time = '2026-01-01T12:00:30Z';
    const written = { exists: true, updateTime: { toMillis: () => Date.parse('2026-01-01T12:00:00.250Z') } };
    const type = (kind: string) => `google.cloud.firestore.document.v1.${kind}`;
    expect(writtenAtMs({ type: type('created'), time, data: written })).toBe(Date.parse('2026-01-01T12:00:00.250Z'));
    expect(writtenAtMs({ type: type('written'), time, data: { before: undefined, after: written } })).toBe(
      Date.parse('2026-01-01T12:00:00.250Z'),
    );
    // a delete: the snapshot is the document as it was, so only the event's time says when
    expect(writtenAtMs({ type: type('deleted'), time, data: written })).toBe(Date.parse(time));
    expect(writtenAtMs({ type: type('written'), time, data: { before: written, after: { exists: false } } })).toBe(
      Date.parse(time),
    );
  });

  it('reads the time of 2nd-gen events and of 1st-gen contexts', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(isTooOld({ time: '2026-01-01T11:30:00Z' }, now)).toBe(false);
    expect(isTooOld({ time: '2026-01-01T10:59:00Z' }, now)).toBe(true);
    expect(isTooOld({ timestamp: '2026-01-01T10:59:00Z' }, now)).toBe(true);
  });
});
