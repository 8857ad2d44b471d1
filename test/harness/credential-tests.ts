/** Credential tests: a node's credentialTest method and the CLI's CredentialsTester. */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteData,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	IRunExecutionData,
} from 'n8n-workflow';
import { UserError, Workflow, deepCopy } from 'n8n-workflow';
import { CredentialTestContext, ExecuteContext, RoutingNode } from 'n8n-core';

import { nextExecutionId, type HarnessContext } from './context';
import { type HarnessNodeTypes } from './node-types';
import { type CredentialTestOptions } from './types';

function findCredentialTestFunction(
	nodeTypes: HarnessNodeTypes,
	nodeTypeName: string,
	methodName: string,
) {
	const type = nodeTypes.getByName(nodeTypeName);
	const versions: INodeType[] =
		'nodeVersions' in type
			? Object.keys(type.nodeVersions)
					.map(Number)
					.sort((a, b) => b - a)
					.map((v) => type.nodeVersions[v])
			: [type];
	for (const version of versions) {
		const fn = version.methods?.credentialTest?.[methodName];
		if (fn) return { fn, description: version.description };
	}
	throw new UserError(`Node type "${nodeTypeName}" has no methods.credentialTest.${methodName}`);
}

/** Runs a node's `methods.credentialTest[methodName]` (see index.ts). */
export async function credentialTest(
	ctx: HarnessContext,
	nodeTypeName: string,
	methodName: string,
	credentialData: ICredentialDataDecryptedObject,
	options: CredentialTestOptions = {},
): Promise<INodeCredentialTestResult> {
	const { nodeTypes, credentialsHelper, makeAdditionalData } = ctx;
	const { fn, description } = findCredentialTestFunction(nodeTypes, nodeTypeName, methodName);
	const credentialType =
		options.credentialType ?? description.credentials?.find((c) => c.testedBy === methodName)?.name;
	const additionalData = makeAdditionalData(nextExecutionId('harness-credtest'));
	let data = deepCopy(credentialData);
	if (credentialType) {
		data = await credentialsHelper.applyDefaultsAndOverwrites(
			additionalData,
			data,
			credentialType,
			'internal',
		);
	}
	const decrypted: ICredentialsDecrypted = {
		id: options.id ?? 'credential-test',
		name: options.name ?? 'Credential under test',
		type: credentialType ?? '',
		data,
	};
	const context = new CredentialTestContext(additionalData);
	return await fn.call(context, decrypted);
}

/** What the n8n UI "Test" button does, including its OAuth2 shortcut (see index.ts). */
export async function testCredentials(
	ctx: HarnessContext,
	credentialType: string,
	credentialData: ICredentialDataDecryptedObject,
	options: { id?: string; name?: string } = {},
): Promise<INodeCredentialTestResult> {
	const { nodeTypes, credentialTypes, credentialsHelper, makeAdditionalData } = ctx;
	const type = credentialTypes.getByName(credentialType);
	const isOAuth2 =
		credentialType === 'oAuth2Api' ||
		credentialTypes.getParentTypes(credentialType).includes('oAuth2Api');
	const additionalData = makeAdditionalData(nextExecutionId('harness-credtest'));
	const decrypted: ICredentialsDecrypted = {
		id: options.id ?? 'credential-test',
		name: options.name ?? 'Credential under test',
		type: credentialType,
		data: deepCopy(credentialData),
	};

	// Same lookup order as the CLI's CredentialsTester.getCredentialTestFunction
	let testRequest = type.test;
	let testNodeType: INodeType | undefined;
	let testFunction:
		| ((
				this: CredentialTestContext,
				c: ICredentialsDecrypted,
		  ) => Promise<INodeCredentialTestResult>)
		| undefined;
	let found = !!testRequest;
	if (!found) {
		for (const nodeTypeName of credentialTypes.getSupportedNodes(credentialType)) {
			const nodeType = nodeTypes.getByName(nodeTypeName);
			const all: INodeType[] =
				'nodeVersions' in nodeType ? Object.values(nodeType.nodeVersions) : [nodeType];
			for (const version of all) {
				for (const { name, testedBy } of version.description.credentials ?? []) {
					if (name === credentialType && isOAuth2) {
						const hasToken =
							typeof decrypted.data?.oauthTokenData === 'object' &&
							decrypted.data.oauthTokenData !== null &&
							'access_token' in (decrypted.data.oauthTokenData as IDataObject);
						return hasToken
							? { status: 'OK', message: 'Connection Successful!' }
							: { status: 'Error', message: "Couldn't connect with these settings" };
					}
					if (name === credentialType && testedBy) {
						if (typeof testedBy === 'string') {
							testFunction = findCredentialTestFunction(nodeTypes, nodeTypeName, testedBy)
								.fn as typeof testFunction;
						} else {
							testRequest = testedBy;
							testNodeType = version;
						}
						found = true;
						break;
					}
				}
				if (found) break;
			}
			if (found) break;
		}
	}
	if (!found) return { status: 'Error', message: 'No testing function found for this credential.' };

	try {
		decrypted.data = await credentialsHelper.applyDefaultsAndOverwrites(
			additionalData,
			decrypted.data as ICredentialDataDecryptedObject,
			credentialType,
			'internal',
		);
	} catch (error) {
		return { status: 'Error', message: String((error as Error).message) };
	}

	if (testFunction)
		return await testFunction.call(new CredentialTestContext(additionalData), decrypted);
	if (!testRequest)
		return { status: 'Error', message: 'No testing function found for this credential.' };

	// Declarative test request: the CLI runs it through a RoutingNode on a temp node.
	const baseDescription = testNodeType?.description ?? {
		...nodeTypes.getByNameAndVersion('harness.noOp').description,
		name: 'n8n-nodes-base.noOp',
	};
	const nodeTypeCopy: INodeType = {
		description: {
			...baseDescription,
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: nodeTypeCopy.description.name,
		typeVersion: Array.isArray(nodeTypeCopy.description.version)
			? nodeTypeCopy.description.version.slice(-1)[0]
			: nodeTypeCopy.description.version,
		position: [0, 0],
		credentials: { [credentialType]: { id: decrypted.id, name: decrypted.name } },
	};
	const tempNodeTypes = {
		getByName: () => nodeTypeCopy,
		getByNameAndVersion: () => nodeTypeCopy,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: tempNodeTypes,
	});
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		{ resultData: { runData: {} } } as IRunExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, nodeTypeCopy, decrypted).runNode();
	} catch (error) {
		const cause = (
			error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }
		).cause;
		if (cause?.response) {
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && cause.response.status === rule.properties.value) {
					return { status: 'Error', message: String(rule.properties.message) };
				}
			}
			if (cause.response.status < 199 || cause.response.status > 299) {
				return {
					status: 'Error',
					message:
						cause.response.statusText || `Received HTTP status code: ${cause.response.status}`,
				};
			}
		} else if (cause?.code) {
			return { status: 'Error', message: cause.code };
		}
		return { status: 'Error', message: String((error as Error).message) };
	}
	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const json = response?.[0]?.[0]?.json ?? {};
			const actual = rule.properties.key
				.split('.')
				.reduce<unknown>(
					(acc, key) => (acc && typeof acc === 'object' ? (acc as IDataObject)[key] : undefined),
					json,
				);
			if (actual === rule.properties.value)
				return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
