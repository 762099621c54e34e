/**
 * Names shown as someone's must be that person's, and a quote must be the quoted message's:
 * every name an attacker could put in front of readers is checked against the profile, and a
 * reply carries nothing but the quoted message's id.
 */
import { doc, serverTimestamp, setDoc, type DocumentData } from 'firebase/firestore';
import { describe, it } from 'vitest';
import { allowed, denied, newMessage, renameBatch, rulesSuite, sendBatch } from '../support';
import { mal, seedWorld } from './world';

const env = await rulesSuite('attacks-impersonation', seedWorld);

const send = (message: DocumentData, roomId = 'pub') => sendBatch(mal(env), roomId, 'mal', 'i1', message, 7);

describe('attack: impersonation', () => {
  it.each<[string, DocumentData]>([
    ["the victim's name as the author", newMessage('mal', { authorName: 'Name vic' })],
    ["the owner's name as the author", newMessage('mal', { authorName: 'Name own' })],
    ['"Firechat" as the author', newMessage('mal', { authorName: 'Firechat' })],
    ['a name with a right-to-left override', newMessage('mal', { authorName: 'Name mal\u202E' })],
    ["the author's name padded with a zero-width space", newMessage('mal', { authorName: 'Name\u200Bmal' })],
    ['the author name in upper case', newMessage('mal', { authorName: 'NAME MAL' })],
    [
      'a quote of words the victim never wrote',
      newMessage('mal', { replyTo: { id: 'byVic', authorName: 'Name vic', excerpt: 'I hate cats' } }),
    ],
    [
      'a quote naming another author',
      newMessage('mal', { replyTo: { id: 'byVic', authorName: 'Name own', excerpt: 'I love cats' } }),
    ],
    ['a reply to a message of another room', newMessage('mal', { replyTo: { id: 'other' } })],
    ['a reply to a system message', newMessage('mal', { replyTo: { id: 'sys' } })],
    ['a reply naming a path', newMessage('mal', { replyTo: { id: '../priv/messages/byVic' } })],
  ])('refused: a message with %s', async (_case, message) => {
    await denied(send(message));
  });

  it.each<[string, string]>([
    ["the victim's", 'Name vic'],
    ['an invisible', '\u2063'],
    ['a reversed', '\u202Elam emaN'],
  ])('refused: a typing signal under %s name', async (_case, displayName) => {
    await denied(
      setDoc(doc(mal(env), 'rooms', 'pub', 'typing', 'mal'), { at: serverTimestamp(), displayName, threadId: null }),
    );
  });

  it.each<[string, DocumentData]>([
    ['a line break that forges a second line', { displayName: 'mal\nFirechat: ', nameLower: 'mal\nfirechat: ' }],
    ['a right-to-left override', { displayName: 'mal\u202Enimda', nameLower: 'mal\u202Enimda' }],
    ['a word joiner inside', { displayName: 'ad\u2060min', nameLower: 'ad\u2060min' }],
    ['only spaces', { displayName: '    ', nameLower: '    ' }],
    ['a photo that runs script', { photoURL: 'javascript:alert(document.cookie)' }],
    ['a photo from a data URL', { photoURL: 'data:image/svg+xml,<svg onload=alert(1)>' }],
    ['a photo over plain http', { photoURL: 'http://tracker.example/pixel.gif' }],
  ])('refused: a profile rename to %s', async (_case, change) => {
    // counted in the name ledger as the client does, so only the name or photo can be what is refused
    await denied(renameBatch(mal(env), 'mal', change));
  });

  it('control: a plain rename counted the same way is accepted', async () => {
    await allowed(renameBatch(mal(env), 'mal', { displayName: 'Mal Renamed', nameLower: 'mal renamed' }));
  });
});
