/** Auto-resolution of rejected and adjusted invoices (docs/resolver.md). Pure: no n8n import. */
export * from './settings';
export * from './classify';
export { type Change, lineTotal } from './fix';
export * from './resolve';
