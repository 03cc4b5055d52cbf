/** Where a project records how it was generated (see project-record.ts). */
export const RECORD_FILE = '.create-agents.json';
