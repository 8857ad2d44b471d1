/**
 * KornitX emulator: a local HTTP server speaking the KornitX APIs of docs/kornitx-api.md §1–§6
 * (OAuth token, v2.3 status + cancellations, v2.2 status, GraphQL, order-item export) plus an
 * unauthenticated admin API. Dev tooling only; never part of the published package.
 */
export { startEmulator } from './server';
export {
	ALL_SCOPES,
	CANCELLABLE_STATUSES,
	DEV_API_KEY,
	DEV_CLIENT,
	LIMITED_CLIENT,
	SCOPE,
	SHIPPABLE_STATUSES,
	SHIPMENT_SCOPES,
	STATUS_NAMES,
	TRANSITIONS,
	ZERO_DATETIME,
	formatDateTime,
	isAllowedTransition,
} from './constants';
export { SEED_ORDER_IDS } from './seed';
export { STOCK_DROPSHIP_REFS, bulkStockProducts } from './stock-seed';
export { apiKeyCredentialData, oauthCredentialData } from './credentials';
export { SCHEMA_SDL } from './graphql';
export {
	KORNITX_RETRIES,
	NOTIFICATION_RETRY_INTERVAL_MS,
	ORDER_RETRY_INTERVAL_MS,
	SIGNATURE_HEADER,
	pushOrder,
	sendPush,
	sendStatusNotification,
	signPush,
} from './push';
export type {
	DigestEncoding,
	PushAttempt,
	PushKind,
	PushOptions,
	PushRecord,
	PushResult,
} from './push';
export { FIRST_PUSH_ORDER_ID, buildPushOrder, buildStatusNotification } from './push-bodies';
export type {
	ApiName,
	EmulatorCancellation,
	EmulatorCancellationItem,
	EmulatorCompany,
	EmulatorConfig,
	EmulatorCounters,
	EmulatorOptions,
	EmulatorOrder,
	EmulatorOrderItem,
	EmulatorShipment,
	EmulatorStockProduct,
	Fault,
	FaultMatch,
	FaultPhase,
	KornitxEmulator,
	LoggedAuth,
	LoggedRequest,
	NewOrderInput,
	OrderPatch,
} from './types';
