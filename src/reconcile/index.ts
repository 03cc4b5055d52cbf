/**
 * The one way create, add and update bring a render to disk: classify each file from the render, the
 * record and the disk; settle conflicts; write all or nothing; make the new record; report.
 */
export { apply, writeOps } from './apply.js';
export { classify, conflictWhenEdited, type EditedFile, type EditedRule, type PlanInput } from './classify.js';
export { recordEntry, recordedFiles, recordToRewrite } from './record.js';
export { blockedAdvice, countByStatus, fileReport, printEntries, QUIET } from './report.js';
export { resolveConflicts } from './resolve.js';
export { type Entry, problemsOf, STATUSES, type Status, writesAny } from './status.js';
