/** UTBMS code sets, lookup, validation and firm → client mapping tables. Pure: no n8n import. */
export * from './types';
export * from './catalog';
export * from './mapping';
export { BUILTIN_CODE_SETS } from './sets';
