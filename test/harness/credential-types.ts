/**
 * Credential type registry with the same inheritance semantics as the n8n CLI
 * (`packages/cli/src/credential-types.ts` + `CredentialsHelper.getCredentialsProperties`):
 * - `getParentTypes` walks `extends` recursively (parents first, then grand-parents).
 * - `getCredentialsProperties` merges parent properties first and the type's own last,
 *   using n8n-workflow's `NodeHelpers.mergeNodeProperties` (same-name child property replaces
 *   the parent's; `doNotInherit` properties are skipped while merging).
 * - the root `oAuth2Api` / `oAuth1Api` types additionally get an `oauthTokenData` json property.
 * - `authenticate` / `preAuthentication` / `test` are NOT inherited (the CLI reads them only
 *   from the requested type).
 */
import type { ICredentialType, INodeProperties, INodeType, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers, UnexpectedError } from 'n8n-workflow';

export class HarnessCredentialTypes {
	private readonly types = new Map<string, ICredentialType>();

	constructor(
		types: ICredentialType[],
		private readonly nodeTypesForSupport: () => Array<[string, INodeType | IVersionedNodeType]>,
	) {
		for (const type of types) this.types.set(type.name, type);
	}

	recognizes(name: string): boolean {
		return this.types.has(name);
	}

	getByName(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) {
			throw new UnexpectedError(
				`Unknown credential type "${name}" (register it in createHarness({ credentialTypes }))`,
			);
		}
		return type;
	}

	getParentTypes(name: string): string[] {
		const direct = this.types.get(name)?.extends ?? [];
		const result: string[] = [];
		for (const parent of direct) {
			result.push(parent, ...this.getParentTypes(parent));
		}
		return result;
	}

	/** Node type names whose description lists this credential (what the CLI loader computes). */
	getSupportedNodes(name: string): string[] {
		const explicit = this.types.get(name)?.supportedNodes ?? [];
		const fromNodes: string[] = [];
		for (const [nodeTypeName, nodeType] of this.nodeTypesForSupport()) {
			const descriptions =
				'nodeVersions' in nodeType
					? Object.values(nodeType.nodeVersions).map((v) => v.description)
					: [nodeType.description];
			if (descriptions.some((d) => d.credentials?.some((c) => c.name === name))) {
				fromNodes.push(nodeTypeName);
			}
		}
		return [...new Set([...explicit, ...fromNodes])];
	}

	getCredentialsProperties(name: string): INodeProperties[] {
		const type = this.getByName(name);
		if (type.extends === undefined) {
			if (name === 'oAuth1Api' || name === 'oAuth2Api') {
				return [
					...type.properties,
					{
						displayName: 'oauthTokenData',
						name: 'oauthTokenData',
						type: 'json',
						required: false,
						default: {},
					},
				];
			}
			return type.properties;
		}
		const combined: INodeProperties[] = [];
		for (const parent of type.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, type.properties);
		return combined;
	}
}
