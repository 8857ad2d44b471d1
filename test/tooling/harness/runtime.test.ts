/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, never shipped in dist */
/**
 * What the harness leaves in process-wide state, which every test file of a jest worker shares:
 * nothing, once the file ends. (Before, each file wrapped `net.Socket#connect` again and left
 * n8n-core's SSH clients manager running, which kept every file's modules alive: ~17 MB a file.)
 */
import * as net from 'node:net';

import * as runtime from '../../harness/runtime';
import { ORIGINAL_CONNECT, type GuardedPrototype } from '../../harness/runtime';

const proto = net.Socket.prototype as unknown as GuardedPrototype;

// Loading the harness patches nothing; the file before this one in the worker unpatched on its way out.
const unpatchedConnect = proto.connect;

/** A second copy of the runtime module, as the next test file in the same worker gets it. */
let next: typeof runtime | undefined;
jest.isolateModules(() => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	next = require('../../harness/runtime') as typeof runtime;
});

describe('the harness runtime between test files', () => {
	it("a later file's network guard replaces the earlier one instead of wrapping it", async () => {
		const connect = jest.fn(function (this: unknown) {
			return this;
		});
		proto.connect = connect as unknown as GuardedPrototype['connect'];
		try {
			runtime.installLoopbackOnlyGuard(); // this file's
			next!.installLoopbackOnlyGuard(); // the next file's
			expect(proto[ORIGINAL_CONNECT]).toBe(connect);

			// Only the next file's guard stands in the way: what it lets through reaches connect.
			const socket = { destroy: jest.fn() };
			await next!.withExternalNetwork(async () =>
				proto.connect.call(socket, { host: 'example.com', port: 80 }),
			);
			expect(connect).toHaveBeenCalledTimes(1);
			expect(socket.destroy).not.toHaveBeenCalled();

			next!.uninstallLoopbackOnlyGuard();
			expect(proto.connect).toBe(connect);
			expect(proto[ORIGINAL_CONNECT]).toBeUndefined();
		} finally {
			proto.connect = unpatchedConnect;
			delete proto[ORIGINAL_CONNECT];
		}
	});

	it("releasing the runtime stops n8n-core's SSH clients manager and unpatches connect", () => {
		const container = runtime.ensureRuntime();
		runtime.installLoopbackOnlyGuard();
		expect(proto[ORIGINAL_CONNECT]).toBeDefined();
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { SSHClientsManager } = require('n8n-core/dist/execution-engine/ssh-clients-manager') as {
			SSHClientsManager: new () => { onShutdown(): void };
		};
		const manager = container.get(SSHClientsManager);
		const shutdown = jest.spyOn(manager, 'onShutdown');

		runtime.releaseRuntime();
		expect(shutdown).toHaveBeenCalledTimes(1);
		expect(proto[ORIGINAL_CONNECT]).toBeUndefined();
		expect(proto.connect).toBe(unpatchedConnect);
	});
});
