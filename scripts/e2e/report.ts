/**
 * The end-to-end report: one row per check, each naming the n8n and Node it ran on, a table,
 * and the failures with their details.
 */
export interface Row {
	case: string;
	/** The package whose node the row checks, and what was installed beside it. */
	package: string;
	/** `n8n x / Node y`, from the probe line of the process that ran it. */
	ranOn: string;
	node: string;
	items: string;
	status: string;
	binary: string;
	checks: string;
	seconds: string;
	result: 'PASS' | 'FAIL';
}

const HEADERS: Record<keyof Row, string> = {
	case: 'case',
	package: 'package',
	ranOn: 'ran on',
	node: 'node',
	items: 'items',
	status: 'status',
	binary: 'binary',
	checks: 'checks',
	seconds: 's',
	result: 'result',
};

export class Report {
	readonly rows: Row[] = [];
	readonly failures: string[] = [];
	/** The package column of rows added without one (set by the runner before each row). */
	packageLabel = '-';

	fail(where: string, message: string): void {
		this.failures.push(`${where}: ${message}`);
	}

	/** Number of failures so far: a row passes when none were added while it ran. */
	mark(): number {
		return this.failures.length;
	}

	since(mark: number): string[] {
		return this.failures.slice(mark);
	}

	add(
		row: Omit<Row, 'result' | 'package'> & { result?: Row['result']; package?: string },
		ok = true,
	): void {
		this.rows.push({
			...row,
			package: row.package ?? this.packageLabel,
			result: row.result ?? (ok ? 'PASS' : 'FAIL'),
		});
	}

	/** Checks `condition`; records `message` as a failure of `where` when it is false. */
	check(condition: boolean, where: string, message: string): boolean {
		if (!condition) this.fail(where, message);
		return condition;
	}

	table(rows = this.rows): string {
		const keys = Object.keys(HEADERS) as Array<keyof Row>;
		const all: Array<Record<keyof Row, string>> = [HEADERS, ...rows];
		const widths = keys.map((key) => Math.max(...all.map((row) => row[key].length)));
		const line = (row: Record<keyof Row, string>) =>
			keys.map((key, i) => row[key].padEnd(widths[i])).join(' | ');
		return [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join(
			'\n',
		);
	}

	passed(): number {
		return this.rows.filter((row) => row.result === 'PASS').length;
	}

	ok(): boolean {
		return this.failures.length === 0 && this.rows.every((row) => row.result === 'PASS');
	}

	printFailures(): void {
		if (!this.failures.length) return;
		console.log('\nFailures:');
		for (const failure of this.failures) console.log(`  - ${failure}`);
	}
}

export function secondsSince(started: number): string {
	return ((Date.now() - started) / 1000).toFixed(1);
}
