/**
 * LEDES core: field tables, validating stream reader, writer, XML 2.x. Pure (no n8n import).
 */
export * from './fields';
export * from './issues';
export * from './stream-reader';
export { LedesDecoder, decodeLedesBytes } from './decode';
export * from './parse';
export * from './write';
export * from './invoice-files';
export * from './xml';
export { neutraliseText, xmlSafeText } from './text';
export { scanAmount, isLedesDate, isoToLedesDate, ledesToIsoDate } from './scan';
import { formatMoney } from '../money/fixed';
import type { Decimal } from '../money/decimal';
/** LEDES amount text: plain decimal, at least `minDecimals`, at most `maxDecimals` (see formatMoney in lib/money/fixed). */
export const canonicalAmount = (d: Decimal, minDecimals = 2, maxDecimals = 4): string => formatMoney(d, minDecimals, maxDecimals);
