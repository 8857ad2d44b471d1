/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * A tiny SMTP server (node:net, plain text, no STARTTLS) on 127.0.0.1 that accepts every message
 * and keeps it, parsed: envelope, headers, text parts and attachments (base64 / quoted-printable
 * decoded). Enough for nodemailer, which n8n's Send Email node uses.
 */
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { waitForEntry } from './wait';

export interface MailPart {
	headers: Record<string, string>;
	contentType: string;
	filename?: string;
	content: Buffer;
}

export interface ReceivedMail {
	from: string;
	to: string[];
	/** Username of AUTH PLAIN/LOGIN, if the client authenticated. */
	authUser?: string;
	raw: string;
	headers: Record<string, string>;
	subject: string;
	/** Text of the first text/plain part. */
	text: string;
	/** Leaf parts with a file name. */
	attachments: MailPart[];
}

export interface SmtpStub {
	host: string;
	port: number;
	messages: ReceivedMail[];
	waitFor(
		predicate: (mail: ReceivedMail) => boolean,
		timeoutMs: number,
	): Promise<ReceivedMail | undefined>;
	close(): Promise<void>;
}

export async function startSmtpStub(): Promise<SmtpStub> {
	const messages: ReceivedMail[] = [];
	const waiters = new Set<() => void>();
	const sockets = new Set<net.Socket>();

	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => socket.destroy());
		const reply = (line: string) => socket.write(`${line}\r\n`);
		let buffer = '';
		let inData = false;
		let data: string[] = [];
		let from = '';
		let to: string[] = [];
		let authUser: string | undefined;
		let authStep: 'none' | 'loginUser' | 'loginPass' | 'plain' = 'none';

		const onLine = (line: string) => {
			if (inData) {
				if (line === '.') {
					inData = false;
					const raw = data.join('\r\n');
					messages.push(parseMail(raw, from, to, authUser));
					for (const wake of waiters) wake();
					data = [];
					reply('250 2.0.0 OK: queued');
					return;
				}
				data.push(line.startsWith('..') ? line.slice(1) : line);
				return;
			}
			if (authStep === 'loginUser') {
				authUser = Buffer.from(line, 'base64').toString('utf8');
				authStep = 'loginPass';
				reply('334 UGFzc3dvcmQ6');
				return;
			}
			if (authStep === 'loginPass' || authStep === 'plain') {
				if (authStep === 'plain')
					authUser = Buffer.from(line, 'base64').toString('utf8').split('\0')[1];
				authStep = 'none';
				reply('235 2.7.0 Authentication successful');
				return;
			}
			const [verb, ...rest] = line.split(' ');
			const arg = rest.join(' ');
			switch (verb.toUpperCase()) {
				case 'EHLO':
					socket.write(
						'250-127.0.0.1 kornitx-e2e\r\n250-AUTH PLAIN LOGIN\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n',
					);
					return;
				case 'HELO':
					reply('250 127.0.0.1');
					return;
				case 'AUTH': {
					const [mechanism, initial] = arg.split(' ');
					if (mechanism.toUpperCase() === 'PLAIN') {
						if (initial) {
							authUser = Buffer.from(initial, 'base64').toString('utf8').split('\0')[1];
							reply('235 2.7.0 Authentication successful');
						} else {
							authStep = 'plain';
							reply('334 ');
						}
					} else if (mechanism.toUpperCase() === 'LOGIN') {
						if (initial) {
							authUser = Buffer.from(initial, 'base64').toString('utf8');
							authStep = 'loginPass';
							reply('334 UGFzc3dvcmQ6');
						} else {
							authStep = 'loginUser';
							reply('334 VXNlcm5hbWU6');
						}
					} else reply('504 5.5.4 Unrecognized authentication type');
					return;
				}
				case 'MAIL':
					from = /<([^>]*)>/.exec(arg)?.[1] ?? arg;
					to = [];
					reply('250 2.1.0 OK');
					return;
				case 'RCPT':
					to.push(/<([^>]*)>/.exec(arg)?.[1] ?? arg);
					reply('250 2.1.5 OK');
					return;
				case 'DATA':
					inData = true;
					data = [];
					reply('354 End data with <CR><LF>.<CR><LF>');
					return;
				case 'RSET':
					from = '';
					to = [];
					reply('250 2.0.0 OK');
					return;
				case 'NOOP':
					reply('250 2.0.0 OK');
					return;
				case 'QUIT':
					reply('221 2.0.0 Bye');
					socket.end();
					return;
				default:
					reply('502 5.5.2 Command not implemented');
			}
		};

		socket.on('data', (chunk: Buffer) => {
			buffer += chunk.toString('utf8');
			let index: number;
			while ((index = buffer.indexOf('\r\n')) >= 0) {
				const line = buffer.slice(0, index);
				buffer = buffer.slice(index + 2);
				onLine(line);
			}
		});
		reply('220 127.0.0.1 ESMTP kornitx-e2e');
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;

	return {
		host: '127.0.0.1',
		port,
		messages,
		waitFor: (predicate, timeoutMs) => waitForEntry(messages, waiters, predicate, timeoutMs),
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

/* ------------------------------------------------------------------------------------------------
 * MIME, just enough for nodemailer's output
 * ---------------------------------------------------------------------------------------------- */

function splitHeaders(raw: string): { headers: Record<string, string>; body: string } {
	const end = raw.search(/\r?\n\r?\n/);
	const head = end < 0 ? raw : raw.slice(0, end);
	const body = end < 0 ? '' : raw.slice(end).replace(/^\r?\n\r?\n/, '');
	const headers: Record<string, string> = {};
	let last = '';
	for (const line of head.split(/\r?\n/)) {
		if (/^[ \t]/.test(line) && last) {
			headers[last] += ' ' + line.trim();
			continue;
		}
		const colon = line.indexOf(':');
		if (colon < 0) continue;
		last = line.slice(0, colon).trim().toLowerCase();
		headers[last] = line.slice(colon + 1).trim();
	}
	return { headers, body };
}

function headerParam(value: string | undefined, name: string): string | undefined {
	if (!value) return undefined;
	const extended = new RegExp(`${name}\\*=(?:[^']*'[^']*')?("?)([^";]+)\\1`, 'i').exec(value);
	if (extended) return decodeURIComponent(extended[2]);
	const plain = new RegExp(`${name}=("?)([^";]*)\\1`, 'i').exec(value);
	return plain ? decodeEncodedWords(plain[2]) : undefined;
}

function decodeEncodedWords(value: string): string {
	return value.replace(
		/=\?([^?]+)\?([bqBQ])\?([^?]*)\?=/g,
		(_m, _charset: string, encoding: string, text: string) =>
			encoding.toUpperCase() === 'B'
				? Buffer.from(text, 'base64').toString('utf8')
				: decodeQuotedPrintable(text.replace(/_/g, ' ')).toString('utf8'),
	);
}

function decodeQuotedPrintable(text: string): Buffer {
	const softBreaksRemoved = text.replace(/=\r?\n/g, '');
	const bytes: number[] = [];
	for (let i = 0; i < softBreaksRemoved.length; i++) {
		const c = softBreaksRemoved[i];
		if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(softBreaksRemoved.slice(i + 1, i + 3))) {
			bytes.push(parseInt(softBreaksRemoved.slice(i + 1, i + 3), 16));
			i += 2;
		} else {
			bytes.push(...Buffer.from(c, 'utf8'));
		}
	}
	return Buffer.from(bytes);
}

function decodeBody(body: string, encoding: string | undefined): Buffer {
	switch ((encoding ?? '7bit').toLowerCase()) {
		case 'base64':
			return Buffer.from(body.replace(/\s+/g, ''), 'base64');
		case 'quoted-printable':
			return decodeQuotedPrintable(body);
		default:
			return Buffer.from(body, 'utf8');
	}
}

function leafParts(raw: string): MailPart[] {
	const { headers, body } = splitHeaders(raw);
	const contentType = headers['content-type'] ?? 'text/plain';
	const boundary = headerParam(contentType, 'boundary');
	if (/^multipart\//i.test(contentType) && boundary) {
		const parts: MailPart[] = [];
		const sections = body.split(`--${boundary}`);
		for (const section of sections.slice(1)) {
			if (section.startsWith('--')) break;
			parts.push(...leafParts(section.replace(/^\r?\n/, '')));
		}
		return parts;
	}
	const filename =
		headerParam(headers['content-disposition'], 'filename') ?? headerParam(contentType, 'name');
	return [
		{
			headers,
			contentType: contentType.split(';')[0].trim().toLowerCase(),
			filename,
			content: decodeBody(body, headers['content-transfer-encoding']),
		},
	];
}

function parseMail(
	raw: string,
	from: string,
	to: string[],
	authUser: string | undefined,
): ReceivedMail {
	const { headers } = splitHeaders(raw);
	const parts = leafParts(raw);
	const textPart = parts.find((part) => part.contentType === 'text/plain' && !part.filename);
	return {
		from,
		to,
		authUser,
		raw,
		headers,
		subject: decodeEncodedWords(headers.subject ?? ''),
		text: textPart ? textPart.content.toString('utf8') : '',
		attachments: parts.filter((part) => part.filename !== undefined),
	};
}
