import { onDocumentCreated } from '../lib/trigger.js';
import { FieldValue, type DocumentData, type Firestore } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { readClaim } from '../lib/idempotency.js';
import { traced } from '../lib/log.js';
import { loadModerationConfig } from '../lib/moderation.js';
import { reportWeighs } from '../lib/reports.js';
import { attachmentRef, hideAttachment } from '../lib/screening.js';
import { bumpStats } from '../lib/stats.js';

const FN = 'onReportCreated';

export interface ReportInput {
  eventId: string;
  roomId: string;
  report: DocumentData;
  /** the time the handler treats as now (tests pass their own) */
  now?: number;
}

/**
 * Counts a member's report on the message (moderation.reportCount) and puts the message in
 * rooms/{roomId}/moderationQueue/{messageId} for moderators. At the configured reportThreshold
 * the message is hidden (its text moves to the queue item) until a moderator decides; a message
 * a moderator already restored or removed stays as decided. One report per member is the
 * document id ({reporterUid}_{messageId}, enforced by the rules); one count per report is the
 * event claim, in the same transaction.
 */
export async function handleReport(
  store: Firestore,
  { eventId, roomId, report, now = Date.now() }: ReportInput,
): Promise<string> {
  const messageId = String(report.messageId ?? '');
  if (!messageId || messageId.includes('/')) return 'invalid';
  const config = await loadModerationConfig(store, roomId);
  const messageRef = store.doc(`rooms/${roomId}/messages/${messageId}`);
  const queueRef = store.doc(`rooms/${roomId}/moderationQueue/${messageId}`);
  const reporterId = String(report.reporterId ?? '');
  const [profile, membership, current] = await store.getAll(
    store.doc(`users/${reporterId || '-'}`),
    store.doc(`rooms/${roomId}/members/${reporterId || '-'}`),
    messageRef,
  );
  const weighs = reportWeighs(profile?.get('createdAt'), membership?.get('joinedAt'), now);
  const metaRef = current?.exists ? attachmentRef(store, roomId, current.data() ?? {}) : null;
  return store.runTransaction(async (tx) => {
    const claim = await readClaim(tx, store, eventId, FN);
    if (!claim) return 'duplicate';
    const [message, queued, meta] = await tx.getAll(messageRef, queueRef, ...(metaRef ? [metaRef] : []));
    claim();
    bumpStats(tx, store, { reports: 1 });
    if (!message?.exists || message.get('kind') === 'system') return 'no-message';
    // a report from an account or membership younger than the bound is queued for the
    // moderators but does not count toward hiding (three fresh accounts hide nothing)
    const reportCount = ((message.get('moderation.reportCount') as number | undefined) ?? 0) + (weighs ? 1 : 0);
    const reasons = (message.get('moderation.reasons') as string[] | undefined) ?? [];
    const status = queued?.get('status') as string | undefined;
    const decided = status === 'restored' || status === 'removed';
    const hide =
      reportCount >= config.reportThreshold &&
      message.get('hidden') !== true &&
      message.get('deleted') !== true &&
      !decided;
    const withReports = reasons.includes('reports') ? reasons : [...reasons, 'reports'];
    if (hide) {
      tx.update(messageRef, {
        text: '',
        words: [],
        hidden: true,
        ...hideAttachment(tx, metaRef, meta?.exists === true),
        moderation: { action: 'hidden', reasons: withReports, reportCount },
      });
      bumpStats(tx, store, { moderationActions: 1 });
    } else {
      tx.update(messageRef, {
        'moderation.reportCount': reportCount,
        'moderation.reasons': reasons,
        'moderation.action': message.get('moderation.action') ?? 'none',
      });
    }
    const reportReason = `report${weighs ? '' : '(new)'}:${String(report.reason ?? '').slice(0, 100)}`;
    if (queued?.exists) {
      const queueReasons = (queued.get('reasons') as string[] | undefined) ?? [];
      tx.update(queueRef, {
        reportCount,
        reasons: queueReasons.includes(reportReason) ? queueReasons : [...queueReasons, reportReason],
        // the text as it is when hidden (the author may have edited it since the first report)
        ...(hide
          ? {
              text: String(message.get('text') ?? ''),
              words: (message.get('words') as string[] | undefined) ?? [],
              attachment: message.get('attachment') ?? null,
            }
          : {}),
      });
    } else {
      tx.set(queueRef, {
        messageId,
        authorId: String(message.get('authorId') ?? ''),
        authorName: String(message.get('authorName') ?? ''),
        text: String(message.get('text') ?? ''),
        words: (message.get('words') as string[] | undefined) ?? [],
        attachment: message.get('attachment') ?? null,
        reasons: [reportReason],
        reportCount,
        status: 'pending',
        createdAt: FieldValue.serverTimestamp(),
      });
    }
    return hide ? 'hidden' : 'counted';
  });
}

/** rooms/{roomId}/reports/{reporterUid}_{messageId} created: count it (see handleReport). */
export const onReportCreated = onDocumentCreated('rooms/{roomId}/reports/{reportId}', async (event) => {
  const report = event.data?.data();
  if (!report) return;
  const { roomId } = event.params;
  await traced(FN, { eventId: event.id, roomId, messageId: report.messageId }, () =>
    handleReport(db(), { eventId: event.id, roomId, report }),
  );
});
