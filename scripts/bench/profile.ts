/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * Summarises a V8 .cpuprofile (`node --cpu-prof`) over a time window given as epoch ms: self time
 * per function and per package, idle and GC time. V8 stamps samples with CLOCK_MONOTONIC µs, the
 * same clock as process.hrtime here, so epoch times are converted with this process's offset.
 */
import * as fs from 'node:fs';

interface CallFrame {
	functionName: string;
	url: string;
	lineNumber: number;
	columnNumber: number;
}

interface ProfileNode {
	id: number;
	callFrame: CallFrame;
	children?: number[];
}

interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	endTime: number;
	samples: number[];
	timeDeltas: number[];
}

/** A function to total inclusively (its time with everything it called), by name and file. */
export interface ProfileGroup {
	label: string;
	functionName: string;
	urlIncludes: string;
}

export interface ProfileSummary {
	windowMs: number;
	busyMs: number;
	idleMs: number;
	gcMs: number;
	/** Samples in the window whose stack holds this package's node code. */
	kornitxSamples: number;
	top: Array<{ name: string; where: string; selfMs: number }>;
	inclusive: Array<{ name: string; where: string; totalMs: number }>;
	byArea: Array<{ area: string; selfMs: number }>;
	groups: Array<{ label: string; totalMs: number }>;
}

/** Epoch ms → CLOCK_MONOTONIC µs (V8 profile time base). */
function epochToMonotonicUs(epochMs: number): number {
	const nowMonoUs = Number(process.hrtime.bigint() / 1000n);
	return nowMonoUs - (Date.now() - epochMs) * 1000;
}

function area(frame: CallFrame): string {
	const { url, functionName } = frame;
	if (!url) {
		if (functionName === '(idle)') return '(idle)';
		if (functionName === '(garbage collector)') return '(garbage collector)';
		if (functionName === '(program)') return '(program: V8/native, not JS)';
		return '(native / V8 builtins)';
	}
	if (url.startsWith('node:')) return 'node: core modules';
	if (/\/dist\/nodes\/Kornitx|\/dist\/credentials\/Kornitx/.test(url))
		return 'n8n-nodes-kornitx (this package)';
	const at = url.lastIndexOf('/node_modules/');
	if (at >= 0) {
		const rest = url.slice(at + '/node_modules/'.length).split('/');
		return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
	}
	return url;
}

function where(frame: CallFrame): string {
	const url = frame.url.replace(/^file:\/\//, '');
	const at = url.lastIndexOf('/node_modules/');
	const short =
		at >= 0 ? url.slice(at + '/node_modules/'.length) : url.replace(/^.*\/dist\//, 'dist/');
	return short ? `${short}:${frame.lineNumber + 1}` : '';
}

export function summariseCpuProfile(
	file: string,
	fromEpochMs: number,
	toEpochMs: number,
	groups: ProfileGroup[] = [],
	top = 15,
): ProfileSummary {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
	const byId = new Map<number, ProfileNode>();
	const parent = new Map<number, number>();
	for (const node of profile.nodes) byId.set(node.id, node);
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	const from = epochToMonotonicUs(fromEpochMs);
	const to = epochToMonotonicUs(toEpochMs);

	const self = new Map<number, number>();
	const inclusive = new Map<string, { name: string; where: string; us: number }>();
	const areas = new Map<string, number>();
	let idle = 0;
	let gc = 0;
	let total = 0;
	let kornitxSamples = 0;
	const groupUs = groups.map(() => 0);
	let t = profile.startTime;
	for (let i = 0; i < profile.samples.length; i++) {
		t += profile.timeDeltas[i];
		const duration = profile.timeDeltas[i + 1] ?? 0;
		if (t < from || t > to) continue;
		const id = profile.samples[i];
		const frame = byId.get(id)!.callFrame;
		total += duration;
		if (frame.functionName === '(idle)') {
			idle += duration;
			continue;
		}
		if (frame.functionName === '(garbage collector)') gc += duration;
		self.set(id, (self.get(id) ?? 0) + duration);
		const a = area(frame);
		areas.set(a, (areas.get(a) ?? 0) + duration);
		const seen = new Set<string>();
		const inGroup = groups.map(() => false);
		let hasKornitx = false;
		for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
			const f = byId.get(n)!.callFrame;
			if (!f.url) continue;
			groups.forEach((g, gi) => {
				if (f.functionName === g.functionName && f.url.includes(g.urlIncludes)) inGroup[gi] = true;
			});
			if (area(f) === 'n8n-nodes-kornitx (this package)') hasKornitx = true;
			const key = `${f.functionName}@${f.url}:${f.lineNumber}`;
			if (seen.has(key)) continue;
			seen.add(key);
			const entry = inclusive.get(key) ?? {
				name: f.functionName || '(anonymous)',
				where: where(f),
				us: 0,
			};
			entry.us += duration;
			inclusive.set(key, entry);
		}
		if (hasKornitx) kornitxSamples++;
		inGroup.forEach((hit, gi) => {
			if (hit) groupUs[gi] += duration;
		});
	}
	// Self time per function (merging profile nodes of the same function).
	const perFunction = new Map<string, { name: string; where: string; us: number }>();
	for (const [id, us] of self) {
		const f = byId.get(id)!.callFrame;
		const key = `${f.functionName}@${f.url}:${f.lineNumber}`;
		const entry = perFunction.get(key) ?? {
			name: f.functionName || '(anonymous)',
			where: where(f),
			us: 0,
		};
		entry.us += us;
		perFunction.set(key, entry);
	}
	const busy = total - idle;
	return {
		windowMs: (to - from) / 1000,
		busyMs: busy / 1000,
		idleMs: idle / 1000,
		gcMs: gc / 1000,
		kornitxSamples,
		top: [...perFunction.values()]
			.sort((a, b) => b.us - a.us)
			.slice(0, top)
			.map((e) => ({ name: e.name, where: e.where, selfMs: e.us / 1000 })),
		inclusive: [...inclusive.values()]
			.filter((e) => e.where && !e.where.startsWith('node:'))
			.sort((a, b) => b.us - a.us)
			.slice(0, top * 2)
			.map((e) => ({ name: e.name, where: e.where, totalMs: e.us / 1000 })),
		groups: groups.map((g, gi) => ({ label: g.label, totalMs: groupUs[gi] / 1000 })),
		byArea: [...areas.entries()]
			.sort((a, b) => b[1] - a[1])
			.map(([name, us]) => ({ area: name, selfMs: us / 1000 })),
	};
}
