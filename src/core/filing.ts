// Where a dossier is filed in the binder: behind its next contact, or the day its cadence runs
// out; and the dropped balls, which nothing will ever bring up.
import { addPeriod, isValidDate, workdayOnOrAfter, type IsoDate } from './dates.js';
import { dayOf, isClosed, lastContact, type Dossier, type Settings } from './model.js';

export type ItemReason = 'scheduled' | 'cadence';

/** Where a dossier is filed: its next contact, or the day its cadence runs out. */
export interface Filing {
  due: IsoDate;
  reason: ItemReason;
}

/**
 * The divider a dossier sits behind. A cadence reminder is due on the last real contact plus the
 * cadence, moved to the next working day; a closed client has no cadence reminders.
 */
export function filingOf(dossier: Dossier, settings: Settings): Filing | undefined {
  if (dossier.next) return { due: dossier.next.date, reason: 'scheduled' };
  if (!dossier.cadence || isClosed(dossier, settings)) return undefined;
  const last = lastContact(dossier);
  // (an impossible date is an error of its own, reported by checks.ts)
  if (!last || !isValidDate(dayOf(last.at))) return undefined;
  const due = workdayOnOrAfter(addPeriod(dayOf(last.at), dossier.cadence, settings.calendar), settings.calendar);
  return { due, reason: 'cadence' };
}

/**
 * A dropped ball: an active client that sits behind no divider, so nothing will ever bring it up.
 * A client kept on a cadence (with a contact to count from) is filed by its cadence, not dropped.
 */
export function isDropped(dossier: Dossier, settings: Settings): boolean {
  return !isClosed(dossier, settings) && filingOf(dossier, settings) === undefined;
}

