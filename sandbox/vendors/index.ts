import type { VendorModule } from '../framework/vendor';
import { clio } from './clio';
import { actionstep } from './actionstep';
import { brightflag } from './brightflag';
import { legaltracker } from './legaltracker';

/** The vendor module interface lives in ../framework/vendor.ts; re-exported for existing imports. */
export type { VendorDescription, VendorInstance, VendorModule } from '../framework/vendor';

/** Registered simulators, in CLI print order. */
export const vendorModules: VendorModule<unknown>[] = [clio as VendorModule<unknown>, actionstep as VendorModule<unknown>, brightflag as VendorModule<unknown>, legaltracker as VendorModule<unknown>];
