/** A case's statuses and the changes an owner office may make. */
export const CASE_STATUSES = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED', 'DISMISSED'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** What each status means (the schema's descriptions). */
export const CASE_STATUS_MEANINGS: Record<CaseStatus, string> = {
  OPEN: 'Filed (by a reconciliation run) or reopened; the owner office has not taken it up yet.',
  ACKNOWLEDGED: 'The owner office has taken it up and is working on it.',
  RESOLVED:
    'Done: the owner office resolved it, or a reconciliation run no longer found the finding (then the run is named in the history, and the case ' +
    'reopens if a later run finds it again).',
  DISMISSED: 'The owner office judged that nothing is to be done (e.g. a false alarm), with its reason in the note.',
};

/**
 * The changes an owner office may make: take a case up, close it either way, and reopen a closed one.
 * Going back from ACKNOWLEDGED to OPEN, or "changing" a case to the status it has, is refused: the
 * history would say something happened when nothing did.
 */
export const ALLOWED_CHANGES: Record<CaseStatus, readonly CaseStatus[]> = {
  OPEN: ['ACKNOWLEDGED', 'RESOLVED', 'DISMISSED'],
  ACKNOWLEDGED: ['RESOLVED', 'DISMISSED'],
  RESOLVED: ['OPEN'],
  DISMISSED: ['OPEN'],
};

export const mayChange = (from: CaseStatus, to: CaseStatus): boolean => ALLOWED_CHANGES[from].includes(to);

/** The longest note kept, in characters. */
export const MAX_NOTE_LENGTH = 2000;
