/**
 * LEDES core: field tables, streaming parser + validator, writer, XML 2.x. Pure (no n8n import).
 */
export * from './fields';
export * from './issues';
export * from './engine';
export { LedesDecoder, decodeLedesBytes } from './decode';
export * from './parse';
export * from './write';
export * from './xml';
export { neutraliseText, xmlSafeText } from './text';
export { scanAmount, isLedesDate, isoToLedesDate, ledesToIsoDate, canonicalAmount } from './numbers';
