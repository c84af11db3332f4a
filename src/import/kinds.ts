/** What `odmon import` and `odmon export` read and write. Imports nothing. */
export const IMPORT_KINDS = ['stewards', 'datasets', 'plan', 'publications'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
