import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { pushToItems, type PushOutput } from './output';
import { processRepeatMemory, repeatKey } from './repeats';
import {
	bodyFingerprint,
	parsePushBody,
	verifyPush,
	type PushSecrets,
	type Refusal,
} from './verify';

type ResponseObject = ReturnType<IWebhookFunctions['getResponseObject']>;

interface PushOptions {
	respond?: 'immediately' | 'whenLastNodeFinishes';
	ignoreRepeats?: boolean;
	output?: PushOutput;
}

const WHERE_IN_KORNITX =
	'Settings → Companies → (the dropship or fulfiller company) → Supplier Integrations → Generic API';

function text(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

function readSecrets(data: ICredentialDataDecryptedObject): PushSecrets {
	return {
		hmacKey: text(data.hmacKey),
		basicAuthUser: text(data.basicAuthUser),
		basicAuthPassword: text(data.basicAuthPassword),
	};
}

/** Answer the caller now and start nothing. The message never holds a secret or expected value. */
function answer(
	res: ResponseObject,
	status: number,
	message: string,
	headers: Record<string, string> = {},
) {
	const body = JSON.stringify({ message });
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': String(Buffer.byteLength(body)),
		...headers,
	});
	res.end(body);
	return { noWebhookResponse: true };
}

function refuse(res: ResponseObject, refusal: Refusal): IWebhookResponseData {
	const headers: Record<string, string> = refusal.basicChallenge
		? { 'WWW-Authenticate': 'Basic realm="KornitX push", charset="UTF-8"' }
		: {};
	return answer(res, refusal.status, refusal.message, headers);
}

export class KornitxPushTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'KornitX Push Trigger',
		name: 'kornitxPushTrigger',
		icon: { light: 'file:../../icons/kornitx.svg', dark: 'file:../../icons/kornitx.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["event"] === "statusNotification" ? "Status notification (PUT)" : "Order pushed (POST)"}}',
		description:
			'Starts the workflow when KornitX pushes an order to you (Supplier Integration "Generic API") or sends a status notification',
		defaults: { name: 'KornitX Push Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'kornitxPushApi',
				required: true,
				testedBy: 'kornitxPushApiTest',
				displayOptions: { show: { authentication: ['hmac'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: '={{$parameter["event"] === "statusNotification" ? "PUT" : "POST"}}',
				responseMode:
					'={{$parameter["options"]["respond"] === "whenLastNodeFinishes" ? "lastNode" : "onReceived"}}',
				// Without responseData n8n 2.41 answers onReceived with the literal default "firstEntryJson",
				// and lastNode with the last node's first item (500 when it has none). '' gives n8n's
				// {"message":"Workflow was started"}; noData answers an empty 200 once the run succeeded.
				responseData:
					'={{$parameter["options"]["respond"] === "whenLastNodeFinishes" ? "noData" : ""}}',
				path: 'push',
			},
		],
		properties: [
			{
				displayName: `Paste this node's Production URL into KornitX as the push URL: ${WHERE_IN_KORNITX}. Saving it there generates the HMAC key for the credential. Publish (activate) the workflow to receive pushes.`,
				name: 'orderPushNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['orderPushed'] } },
			},
			{
				displayName:
					"Give this node's Production URL as the order's status_callback_url (or in KornitX's Notification Integration \"Generic API\"). KornitX sends a PUT at every status change and retries a failed one up to 5 times, 2 hours apart.",
				name: 'statusNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['statusNotification'] } },
			},
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				options: [
					{
						name: 'Order Pushed',
						value: 'orderPushed',
						description:
							'KornitX POSTs a new order to you as its fulfiller (Supplier Integration "Generic API")',
					},
					{
						name: 'Status Notification',
						value: 'statusNotification',
						description:
							'KornitX PUTs an order status update with new shipments and cancellations to you as its sales channel',
					},
				],
				default: 'orderPushed',
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{
						name: 'HMAC Signature',
						value: 'hmac',
						description:
							'Verify X-CustomGateway-Hmac (HMAC-SHA256 of the body) with the KornitX Push API credential, and its Basic auth when set',
					},
					{
						name: 'None',
						value: 'none',
						description: 'Accept unsigned requests (plain status callbacks carry no signature)',
					},
				],
				default: 'hmac',
			},
			{
				displayName:
					'Without authentication, anyone who knows this URL can start the workflow: the URL is the only secret. Keep it private.',
				name: 'noAuthNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { authentication: ['none'] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Ignore Repeats',
						name: 'ignoreRepeats',
						type: 'boolean',
						default: false,
						description:
							'Whether a push byte-for-byte identical to one acknowledged in the last 24 hours is answered 200 without starting the workflow. Off by default: a person re-pushing from KornitX usually means it. Remembered per n8n process (see the README).',
					},
					{
						displayName: 'Output',
						name: 'output',
						type: 'options',
						options: [
							{
								name: 'Order',
								value: 'order',
								description: 'One item: the order as KornitX sent it',
							},
							{
								name: 'Order Lines',
								value: 'items',
								description:
									'One item per order line, its order\'s other fields beside it and the line under "item"',
							},
						],
						default: 'order',
						displayOptions: { show: { '/event': ['orderPushed'] } },
					},
					{
						displayName: 'Respond',
						name: 'respond',
						type: 'options',
						options: [
							{
								name: 'Immediately',
								value: 'immediately',
								description: 'Answer 200 as soon as the push is verified',
							},
							{
								name: 'When Last Node Finishes',
								value: 'whenLastNodeFinishes',
								description:
									'Answer 200 only if the run succeeds; a failed run answers an error status, so KornitX sends the push again',
							},
						],
						default: 'immediately',
					},
				],
			},
		],
	};

	/** KornitX has no API to register a push URL: it is entered by hand in KornitX, so nothing to do. */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	methods = {
		credentialTest: {
			async kornitxPushApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const secrets = readSecrets(credential.data ?? {});
				if (secrets.hmacKey.trim() === '') {
					return {
						status: 'Error',
						message: 'HMAC Key is empty: copy it from the Generic API integration in KornitX',
					};
				}
				if (secrets.basicAuthUser !== '' && secrets.basicAuthPassword === '') {
					return {
						status: 'Error',
						message: 'Basic Auth Password is empty while Basic Auth User is set',
					};
				}
				return {
					status: 'OK',
					message:
						'Complete. KornitX is not called: pushes are checked against these values when they arrive.',
				};
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		const event = this.getNodeParameter('event', 'orderPushed') as string;
		const authentication = this.getNodeParameter('authentication', 'hmac') as string;
		const options = this.getNodeParameter('options', {}) as PushOptions;
		const rawBody = Buffer.isBuffer(req.rawBody) ? req.rawBody : undefined;

		if (authentication === 'hmac') {
			const secrets = readSecrets(await this.getCredentials('kornitxPushApi'));
			if (secrets.hmacKey === '') {
				throw new NodeOperationError(
					this.getNode(),
					'The KornitX Push API credential has no HMAC key',
					{
						description: `Copy the HMAC key from KornitX (${WHERE_IN_KORNITX}) into the credential.`,
					},
				);
			}
			const verdict = verifyPush(
				{ rawBody: rawBody ?? Buffer.alloc(0), headers: req.headers },
				secrets,
			);
			if (!verdict.ok) return refuse(res, verdict);
		}

		const parsed = parsePushBody(rawBody, req.body);
		if (!parsed.ok) return refuse(res, parsed);

		if (options.ignoreRepeats === true) {
			const key = repeatKey({
				workflowId: this.getWorkflow().id ?? '',
				nodeId: this.getNode().id,
				mode: this.getMode(),
				fingerprint: bodyFingerprint(rawBody ?? Buffer.from(JSON.stringify(parsed.body))),
			});
			const check = processRepeatMemory.begin(key);
			if (check === 'repeat') {
				return answer(res, 200, 'Identical push acknowledged earlier; nothing started');
			}
			if (check === 'inProgress') {
				return answer(res, 409, 'An identical push is being processed; send it again later');
			}
			// Remember the push only once its answer went out with a 2xx status.
			res.once('finish', () =>
				processRepeatMemory.settle(key, res.statusCode >= 200 && res.statusCode < 300),
			);
			res.once('close', () => processRepeatMemory.settle(key, false));
		}

		const output: PushOutput =
			event === 'orderPushed' && options.output === 'items' ? 'items' : 'order';
		return { workflowData: [pushToItems(parsed.body as IDataObject, output)] };
	}
}
