declare const __VERSION__: string | undefined;

/** The package version, fixed at build time (read from package.json when running from source). */
export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
