/**
 * A short random suffix for the names of replaced files kept aside and of lock tokens. These need to be
 * unlikely to collide within one project, not unpredictable: no cryptographic source is needed.
 */
export function uniqueSuffix(): string {
  return Math.floor(Math.random() * 0x100000000)
    .toString(16)
    .padStart(8, '0');
}
