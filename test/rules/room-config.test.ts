import { doc, getDoc, setDoc } from 'firebase/firestore';
import { describe, it } from 'vitest';
import { allowed, as, castRoom, denied, moderationConfig, rulesSuite, seed } from './support';

const env = await rulesSuite('room-config', castRoom('private'));

const ref = (uid: string | null) => doc(as(env, uid), 'rooms', 'r1', 'config', 'moderation');

describe('rooms/{roomId}/config/moderation', () => {
  it("the owner and admins read and write the room's moderation settings", async () => {
    await allowed(setDoc(ref('ana'), moderationConfig()));
    await allowed(setDoc(ref('adi'), moderationConfig({ maxLinks: 0 })));
    await allowed(getDoc(ref('adi')));
  });

  it('members, outsiders and app admins without a room role do not', async () => {
    await seed(env, { 'rooms/r1/config/moderation': moderationConfig() });
    for (const db of [as(env, 'ben'), as(env, 'eve'), as(env, 'root', { admin: true })]) {
      await denied(getDoc(doc(db, 'rooms', 'r1', 'config', 'moderation')));
      await denied(setDoc(doc(db, 'rooms', 'r1', 'config', 'moderation'), moderationConfig()));
    }
  });

  it('the settings keep their shape', async () => {
    await denied(setDoc(ref('ana'), moderationConfig({ maxMentions: 100 })));
    await denied(setDoc(doc(as(env, 'ana'), 'rooms', 'r1', 'config', 'other'), moderationConfig()));
  });
});
