import { DateTime } from 'luxon';

/**
 * KornitX filters take `Y-m-d H:i:s` in UTC. A date without an offset is read in `zone` (the
 * workflow's timezone), one with an offset or "Z" keeps its instant. Returns undefined for an
 * empty value and null for one that is not a date.
 */
export function toKornitxUtc(value: unknown, zone: string): string | undefined | null {
	if (value === undefined || value === null || value === '') return undefined;
	let parsed: DateTime;
	if (DateTime.isDateTime(value)) parsed = value;
	else if (value instanceof Date) parsed = DateTime.fromJSDate(value);
	else if (typeof value === 'number') parsed = DateTime.fromMillis(value);
	else if (typeof value === 'string') {
		parsed = DateTime.fromISO(value.trim(), { zone });
		if (!parsed.isValid) parsed = DateTime.fromSQL(value.trim(), { zone });
	} else return null;
	if (!parsed.isValid) return null;
	return parsed.toUTC().toFormat('yyyy-LL-dd HH:mm:ss');
}

/** KornitX writes empty dates as zero strings. */
export function isZeroDate(value: unknown): boolean {
	return typeof value !== 'string' || value === '' || value.startsWith('0000-00-00');
}
