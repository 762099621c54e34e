/**
 * Message requests: a stranger (`out` shares no room with mal) must not land in someone's
 * conversations as if they had agreed. mal forges what the recipient's app trusts: an
 * acceptance, a shared private room, a direct room without its request; and snoops on others'.
 */
import {
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  limit,
  query,
  serverTimestamp,
  updateDoc,
  where,
} from 'firebase/firestore';
import { describe, it } from 'vitest';
import {
  allowed,
  list,
  membershipDocs,
  newRequest,
  openDirectBatch,
  profileDoc,
  requestDoc,
  roomDoc,
  rulesSuite,
  seed,
} from '../support';
import { denied, mal, restReadRefused, seedWorld } from './world';

const env = await rulesSuite('attacks-requests', (env) =>
  seedWorld(env, {
    // own asked vic; str, another stranger, asked mal, who has not answered; mal asked adm
    'users/str': profileDoc('str'),
    'rooms/dm_mal_str': roomDoc('direct', 'str', ['mal', 'str']),
    'requests/dm_own_vic': requestDoc('own', 'vic'),
    'requests/dm_mal_str': requestDoc('str', 'mal'),
    'requests/dm_adm_mal': requestDoc('mal', 'adm'),
  }),
);

describe('attack: skipping the consent of a message request', () => {
  it('allowed (the baseline): mal opens a direct room with a stranger as a pending request', async () => {
    await allowed(openDirectBatch(mal(env), 'mal', 'out'));
  });

  it('refused: mal accepts the request he sends', async () => {
    await denied(
      openDirectBatch(mal(env), 'mal', 'out', newRequest('mal', 'out', null, { acceptedAt: serverTimestamp() })),
    );
  });

  it('refused: mal names his private room as shared with a stranger who is not in it', async () => {
    await denied(openDirectBatch(mal(env), 'mal', 'out', newRequest('mal', 'out', 'priv')));
  });

  it('refused: mal names the public room as proof of knowing the stranger', async () => {
    // out is in the public room too: only its being public refuses it
    await seed(env, {
      'rooms/pub': roomDoc('public', 'own', ['own', 'adm', 'mal', 'vic', 'out']),
      ...membershipDocs('pub', 'out', 'member'),
    });
    await denied(openDirectBatch(mal(env), 'mal', 'out', newRequest('mal', 'out', 'pub')));
  });

  it('refused: mal creates the direct room and leaves the request out', async () => {
    await denied(openDirectBatch(mal(env), 'mal', 'out', null));
  });

  it('refused: mal accepts, for the stranger, the request he sent them', async () => {
    await denied(updateDoc(doc(mal(env), 'requests', 'dm_adm_mal'), { acceptedAt: serverTimestamp() }));
  });

  it.each([
    ['its sender', { acceptedAt: serverTimestamp(), from: 'mal' }],
    ['its recipient', { acceptedAt: serverTimestamp(), to: 'adm' }],
    ['its via', { acceptedAt: serverTimestamp(), via: 'priv' }],
  ])('refused: mal, accepting a request to him, rewrites %s', async (_case, change) => {
    await denied(updateDoc(doc(mal(env), 'requests', 'dm_mal_str'), change));
  });

  it('allowed (the baseline): mal accepts a request to him', async () => {
    await allowed(updateDoc(doc(mal(env), 'requests', 'dm_mal_str'), { acceptedAt: serverTimestamp() }));
  });

  it('refused: mal rewrites the request he sent to point at another room or person', async () => {
    await denied(updateDoc(doc(mal(env), 'requests', 'dm_adm_mal'), { via: 'priv' }));
    await denied(updateDoc(doc(mal(env), 'requests', 'dm_adm_mal'), { to: 'vic' }));
    await denied(deleteDoc(doc(mal(env), 'requests', 'dm_adm_mal')));
  });
});

describe("attack: reading other people's requests", () => {
  it('refused: mal gets a request between two others, by SDK or REST', async () => {
    await denied(getDoc(doc(mal(env), 'requests', 'dm_own_vic')));
    await restReadRefused(env, 'mal', 'requests/dm_own_vic');
  });

  it("refused: mal lists vic's requests, or all of them", async () => {
    await denied(getDocs(query(collection(mal(env), 'requests'), where('to', '==', 'vic'), limit(10))));
    await denied(getDocs(query(collection(mal(env), 'requests'), where('from', '==', 'own'), limit(10))));
    await denied(list(collection(mal(env), 'requests'), 10));
  });
});
