import { HttpsError, onCall } from 'firebase-functions/v2/https';
import { db } from '../lib/admin.js';
import { exportAccountData, type ExportPage } from '../lib/account.js';
import { signedInCall } from '../lib/callable.js';

const FN = 'exportMyData';

/**
 * Callable exportMyData({after?}) -> ExportPage: the caller's own data as JSON (profile,
 * notification settings, memberships, blocks, message requests, the room names and topics they set,
 * and their messages 500 at a time, newest first);
 * the client asks again with `after: next` until `next` is null, then offers one file.
 * Errors: `unauthenticated`, `invalid-argument` (a cursor that is not one of the caller's
 * messages).
 */
export const exportMyData = onCall({ timeoutSeconds: 120 }, (request) =>
  signedInCall(
    FN,
    request,
    'Sign in to download your data.',
    async (auth, { after }): Promise<ExportPage> => {
      if (
        after !== undefined &&
        after !== null &&
        (typeof after !== 'string' || !/^rooms\/[^/]+\/messages\/[^/]+$/.test(after))
      ) {
        throw new HttpsError('invalid-argument', 'after must be the `next` of the previous page.');
      }
      try {
        return await exportAccountData(db(), auth.uid, { after: typeof after === 'string' ? after : undefined });
      } catch (error) {
        if ((error as Error).message === 'invalid cursor')
          throw new HttpsError('invalid-argument', 'Not a page of your data.');
        throw error;
      }
    },
    (page) => `messages:${page.messages.length}`,
  ),
);
