import { onDocumentCreated } from '../lib/trigger.js';
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { readClaim } from '../lib/idempotency.js';
import { traced } from '../lib/log.js';
import { loadModerationConfig } from '../lib/moderation.js';
import { reportWeighs } from '../lib/reports.js';
import { attachmentRef, hideAttachment } from '../lib/screening.js';
import { bumpStats } from '../lib/stats.js';
import { converters, dataOf, getAll, refs, type ReportData } from '../lib/typed.js';

const FN = 'onReportCreated';

export interface ReportInput {
  eventId: string;
  roomId: string;
  report: Pick<ReportData, 'messageId' | 'reporterId' | 'reason'>;
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
  const messageRef = refs.message(store, roomId, messageId);
  const queueRef = refs.queueItem(store, roomId, messageId);
  const reporterId = String(report.reporterId ?? '');
  const [profile, membership, current] = await getAll(
    store,
    refs.profile(store, reporterId || '-'),
    refs.member(store, roomId, reporterId || '-'),
    messageRef,
  );
  const weighs = reportWeighs(profile.data()?.createdAt, membership.data()?.joinedAt, now);
  const currentData = current.data();
  const metaRef = currentData ? attachmentRef(store, roomId, currentData) : null;
  return store.runTransaction(async (tx) => {
    const claim = await readClaim(tx, store, eventId, FN);
    if (!claim) return 'duplicate';
    const [message, queued, meta] = await getAll(tx, messageRef, queueRef, ...(metaRef ? [metaRef] : []));
    claim();
    bumpStats(tx, store, { reports: 1 });
    const stored = message.data();
    if (!stored || stored.kind === 'system') return 'no-message';
    const queuedItem = queued.data();
    // a report from an account or membership younger than the bound is queued for the
    // moderators but does not count toward hiding (three fresh accounts hide nothing)
    const reportCount = (stored.moderation?.reportCount ?? 0) + (weighs ? 1 : 0);
    const reasons = stored.moderation?.reasons ?? [];
    const status = queuedItem?.status;
    const decided = status === 'restored' || status === 'removed';
    const hide = reportCount >= config.reportThreshold && stored.hidden !== true && stored.deleted !== true && !decided;
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
        'moderation.action': stored.moderation?.action ?? 'none',
      });
    }
    const reportReason = `report${weighs ? '' : '(new)'}:${String(report.reason ?? '').slice(0, 100)}`;
    if (queuedItem) {
      const queueReasons = queuedItem.reasons ?? [];
      tx.update(queueRef, {
        reportCount,
        reasons: queueReasons.includes(reportReason) ? queueReasons : [...queueReasons, reportReason],
        // the text as it is when hidden (the author may have edited it since the first report)
        ...(hide
          ? {
              text: String(stored.text ?? ''),
              words: stored.words ?? [],
              attachment: stored.attachment ?? null,
            }
          : {}),
      });
    } else {
      tx.set(queueRef, {
        messageId,
        authorId: String(stored.authorId ?? ''),
        authorName: String(stored.authorName ?? ''),
        text: String(stored.text ?? ''),
        words: stored.words ?? [],
        attachment: stored.attachment ?? null,
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
  const report = dataOf(event.data, converters.report);
  if (!report) return;
  const { roomId } = event.params;
  await traced(FN, { eventId: event.id, roomId, messageId: report.messageId }, () =>
    handleReport(db(), { eventId: event.id, roomId, report }),
  );
});
