/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * Linux /proc helpers for the benchmark: machine load, finding the `n8n execute` process the
 * benchmark started (by its unique `--id=<workflow id>` argument), and sampling its memory.
 *
 * Memory figures come from /proc/<pid>/status:
 *   VmRSS  resident set size now
 *   VmHWM  peak resident set size ("high water mark") since the process started or since the
 *          last `echo 5 > /proc/<pid>/clear_refs`, which resets it to the current RSS.
 * The kernel keeps VmHWM, so no short spike between two samples is missed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';

export interface LoadSample {
	/** 1, 5 and 15 minute load averages. */
	avg1: number;
	avg5: number;
	avg15: number;
	cpus: number;
	/** Running / total scheduling entities, as /proc/loadavg prints them. */
	entities: string;
}

export function readLoad(): LoadSample {
	const [a1, a5, a15, entities] = fs.readFileSync('/proc/loadavg', 'utf8').trim().split(/\s+/);
	return {
		avg1: Number(a1),
		avg5: Number(a5),
		avg15: Number(a15),
		cpus: os.cpus().length,
		entities,
	};
}

export function formatLoad(load: LoadSample): string {
	return `${load.avg1.toFixed(2)} ${load.avg5.toFixed(2)} ${load.avg15.toFixed(2)} (${load.cpus} cpus)`;
}

/** Load is "high" when the 1-minute average exceeds the CPU count: runs then queue for CPU time. */
export function loadIsHigh(load: LoadSample): boolean {
	return load.avg1 > load.cpus;
}

export interface ProcMemory {
	/** kB */
	rssKb: number;
	/** kB */
	hwmKb: number;
}

export function readMemory(pid: number): ProcMemory | undefined {
	let text: string;
	try {
		text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	} catch {
		return undefined; // gone
	}
	const rss = /^VmRSS:\s+(\d+)\s+kB/m.exec(text);
	const hwm = /^VmHWM:\s+(\d+)\s+kB/m.exec(text);
	if (!rss || !hwm) return undefined;
	return { rssKb: Number(rss[1]), hwmKb: Number(hwm[1]) };
}

/** Resets VmHWM to the current RSS. Needs ptrace rights over the process (own child: yes). */
export function resetPeak(pid: number): boolean {
	try {
		fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

/** Pid of a process whose command line holds every one of `needles` as a whole argument. */
export function findPid(needles: string[]): number | undefined {
	let entries: string[];
	try {
		entries = fs.readdirSync('/proc');
	} catch {
		return undefined;
	}
	for (const entry of entries) {
		if (!/^\d+$/.test(entry)) continue;
		let args: string[];
		try {
			args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
		} catch {
			continue;
		}
		if (needles.every((needle) => args.includes(needle))) return Number(entry);
	}
	return undefined;
}

/**
 * CPU time (user + system) of the whole process and of its main thread, ms (10 ms resolution),
 * and how long the main thread waited, runnable, for a CPU (schedstat run_delay, ns precision).
 */
export interface ProcCpu {
	cpuMs: number;
	mainCpuMs: number;
	mainRunWaitMs: number;
}

const TICK_MS = 10; // USER_HZ = 100 on Linux

function statCpuMs(file: string): number | undefined {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
	// fields after "(comm)": state is field 3; utime and stime are fields 14 and 15
	const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
	const utime = Number(fields[11]);
	const stime = Number(fields[12]);
	return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) * TICK_MS : undefined;
}

function runWaitMs(pid: number): number | undefined {
	try {
		const [, waitNs] = fs
			.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8')
			.trim()
			.split(/\s+/);
		const ms = Number(waitNs) / 1e6;
		return Number.isFinite(ms) ? ms : undefined;
	} catch {
		return undefined;
	}
}

export function readCpu(pid: number): ProcCpu | undefined {
	const cpuMs = statCpuMs(`/proc/${pid}/stat`);
	const mainCpuMs = statCpuMs(`/proc/${pid}/task/${pid}/stat`);
	const mainRunWaitMs = runWaitMs(pid);
	return cpuMs === undefined || mainCpuMs === undefined || mainRunWaitMs === undefined
		? undefined
		: { cpuMs, mainCpuMs, mainRunWaitMs };
}

export interface MemorySample extends ProcMemory, Partial<ProcCpu> {
	/** Date.now() when read. */
	t: number;
	/** The same CPU figures for this (bench) process, which runs the emulator. */
	self?: ProcCpu;
}

export interface MemoryWatch {
	pid?: number;
	samples: MemorySample[];
	/** When the peak was reset (the node's first request reached the emulator), and RSS then. */
	reset?: { t: number; rssKb: number; ok: boolean } & Partial<ProcCpu>;
	stop(): void;
}

/**
 * Finds the process matching `needles` (polling every 20 ms), then samples its memory every
 * `intervalMs`. When `startSignal()` first returns true (the node's first request reached the
 * emulator), reads RSS and resets VmHWM, so later VmHWM readings are the peak since then.
 */
export function watchMemory(
	needles: string[],
	startSignal: () => boolean,
	intervalMs = 10,
): MemoryWatch {
	const watch: MemoryWatch = { samples: [], stop: () => undefined };
	let lastScan = 0;
	const tick = () => {
		const now = Date.now();
		if (watch.pid === undefined) {
			if (now - lastScan < 20) return;
			lastScan = now;
			watch.pid = findPid(needles);
			if (watch.pid === undefined) return;
		}
		if (!watch.reset && startSignal()) {
			const before = readMemory(watch.pid);
			const cpu = readCpu(watch.pid);
			if (before)
				watch.reset = { t: Date.now(), rssKb: before.rssKb, ok: resetPeak(watch.pid), ...cpu };
		}
		const memory = readMemory(watch.pid);
		if (memory)
			watch.samples.push({
				t: Date.now(),
				...memory,
				...readCpu(watch.pid),
				self: readCpu(process.pid),
			});
	};
	const timer = setInterval(tick, intervalMs);
	watch.stop = () => clearInterval(timer);
	return watch;
}

/**
 * Peak RSS (VmHWM) between the reset and `endMs`: the first sample taken at or after `endMs`
 * (an upper bound: it may include up to one sampling interval of work after the node), else the
 * last sample taken.
 */
export function peakUntil(watch: MemoryWatch, endMs: number): MemorySample | undefined {
	if (!watch.reset) return undefined;
	const after = watch.samples.filter((s) => s.t >= watch.reset!.t);
	return after.find((s) => s.t >= endMs) ?? after[after.length - 1];
}
