/** Where a project records how it was generated (see project-record.ts). */
export const RECORD_FILE = '.create-agents.json';
/** The lock file a run holds while it writes (see lock.ts). */
export const LOCK_FILE = '.create-agents.lock';
