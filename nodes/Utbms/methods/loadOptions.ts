import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { utbmsCatalog, type UtbmsCodeInfo, type UtbmsKind } from '../../../lib/utbms';

function codeOptions(codes: UtbmsCodeInfo[]): INodePropertyOptions[] {
	return codes.map((c) => ({
		name: `${c.code} – ${c.name}${c.isPhase ? ' (phase)' : ''}`,
		value: c.code,
		description: `${c.setName}${c.phase ? `, phase ${c.phase} ${c.phaseName ?? ''}` : ''}${c.partialSet ? ' (partly known set)' : ''}`,
	}));
}

function byKind(kind: UtbmsKind, includePhases: boolean) {
	return codeOptions(utbmsCatalog.list({ kind, includePhases }));
}

/** Load options for code pickers (shipped sets; sets added per item by an option are not known at design time). */
export async function getCodeSets(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return utbmsCatalog.sets().map((s) => ({
		name: `${s.name}${s.partial ? ' (partial)' : ''}`,
		value: s.id,
		description: `${s.kind} codes${s.note ? ` – ${s.note}` : ''}`,
	}));
}

export async function getTaskSets(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await getCodeSets.call(this)).filter((o) => utbmsCatalog.getSet(String(o.value))?.kind === 'task');
}

export async function getCodes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return codeOptions(utbmsCatalog.list());
}

export async function getTaskCodes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return byKind('task', false);
}

export async function getActivityCodes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return byKind('activity', true);
}

export async function getExpenseCodes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return byKind('expense', true);
}
