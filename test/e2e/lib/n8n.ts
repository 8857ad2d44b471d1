/**
 * The e2e suite's n8n helpers now live in scripts/n8n/ (one copy for every tool); this module
 * re-exports them so e2e modules keep importing from './lib/n8n'.
 */
export {
	executionSummary,
	nodeError,
	nodeItems,
	nodeRan,
	runError,
	type OutputItem,
} from '../../../scripts/n8n/run-data';
export { importWorkflows, readStoredCredential } from '../../../scripts/n8n/workflows';
