/**
 * The few DOM shapes the page-side callbacks (`evaluate`, `addInitScript`) use. The test
 * tsconfig has no DOM lib (the project is Node code), so these stand in for HTMLElement & co.
 * Page-side functions must not reference module-level values: use these as types only.
 */
export interface DomElement {
	readonly tagName: string;
	readonly innerText: string;
	readonly offsetParent: unknown;
	readonly parentElement: DomElement | null;
	readonly scrollHeight: number;
	readonly clientHeight: number;
	getAttribute(name: string): string | null;
}

export interface DomWindow {
	localStorage: { setItem(key: string, value: string): void };
	getComputedStyle(el: DomElement): { overflowY: string };
}
