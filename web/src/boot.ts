/**
 * The app's first module, a few hundred bytes. It asks for the app and, when someone signed in
 * here last time opens a chat address, for the chat screen (Firestore with it) at the same time:
 * one wave of requests. With the app as the first module, the chat screen's chunks could only be
 * asked for once the app's own had arrived and run, a second wave before Firestore could start.
 */
import { wasSignedIn } from './lib/signedInHint';

const CHAT_PATH = /^\/($|rooms$|r\/)/;

const app = import('./main');
// the router's import of the same module finds it loaded or under way
if (CHAT_PATH.test(location.pathname) && wasSignedIn()) void import('./views/ChatView.vue').catch(() => undefined);
await app;
