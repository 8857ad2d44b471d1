/** Production hosts of the KornitX APIs (docs/kornitx-api.md §1–§6). */
export const PRODUCTION_URLS = {
	token: 'https://oauth.kornitx.net/token',
	rest: 'https://api-sl-2-3.kornitx.net',
	graphql: 'https://graphql.kornitx.net',
	// Inferred: the help article links the URL but does not print it. Overridable in the credential.
	export: 'https://export-api.kornitx.net/order-item-details',
	restV22: 'https://api-sl-2-2.custom-gateway.net',
} as const;

/** OAuth scopes, one per API the node calls (docs/kornitx-api.md §1). */
export const SCOPES = {
	orderStatus: 'api-sl-2-3.order-status.update',
	orderCancellation: 'api-sl-2-3.order-cancellation.create',
	// Inferred from the cancellation scope's pattern (docs/kornitx-api.md §12).
	orderShipment: 'api-sl-2-3.order-shipment.create',
	orderEdit: 'order-it.order-manager.edit',
	orderView: 'order-it.order-manager.view',
	export: 'export-api.order-item-details',
} as const;

/**
 * Scopes a user adds to the credential only when needed. The shipment scope's name is inferred:
 * KornitX refuses a whole token request for one scope it does not know or grant, so putting it in
 * the default list would break every new credential whose OAuth user lacks it (README "Shipments").
 */
export const OPT_IN_SCOPES: string[] = [SCOPES.orderShipment];

/** The credential's default Scope list: every scope the node uses, except the opt-in ones. */
export const ALL_SCOPES: string[] = Object.values(SCOPES).filter(
	(scope) => !OPT_IN_SCOPES.includes(scope),
);
