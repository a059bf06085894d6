import type { Firm } from '../../seed';

/** Clio simulator state (filled in by the Clio module). */
export interface ClioState {
	firm: Firm;
}
