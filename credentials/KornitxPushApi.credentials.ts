import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * Secrets that KornitX pushes are verified with (docs/kornitx-api.md §10). Nothing is sent
 * anywhere with them: the KornitX Push Trigger checks incoming requests against them, and its
 * `testedBy` method checks that they are complete.
 */
export class KornitxPushApi implements ICredentialType {
	name = 'kornitxPushApi';

	displayName = 'KornitX Push API';

	icon: Icon = { light: 'file:../icons/kornitx.svg', dark: 'file:../icons/kornitx.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-kornitx/n8n-nodes-kornitx#kornitx-push-trigger';

	properties: INodeProperties[] = [
		{
			displayName:
				'In KornitX: Settings → Companies → (your company) → Supplier Integrations → Generic API. Saving the push URL there generates the HMAC key.',
			name: 'whereNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'HMAC Key',
			name: 'hmacKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The HMAC key KornitX shows for the push URL. Every push must carry X-CustomGateway-Hmac, the HMAC-SHA256 of its body with this key.',
		},
		{
			displayName: 'Basic Auth User',
			name: 'basicAuthUser',
			type: 'string',
			default: '',
			description:
				'Only if KornitX support enabled HTTP Basic auth on your push URL. When user or password is set, pushes without matching Basic auth are refused.',
		},
		{
			displayName: 'Basic Auth Password',
			name: 'basicAuthPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only if KornitX support enabled HTTP Basic auth on your push URL',
		},
	];
}
