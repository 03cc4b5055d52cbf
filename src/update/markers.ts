/** The lines update writes around overlapping changes; check reports files that still hold them. */
export const MARKERS = { yours: '<<<<<<< yours', split: '=======', theirs: '>>>>>>> templates' } as const;
