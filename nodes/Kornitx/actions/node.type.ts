/** Every resource and its operations; the router's operation table is checked against it. */
type NodeMap = {
	order: 'updateStatus' | 'update' | 'export';
	orderItem: 'cancel';
	graphql: 'execute';
	shipment: 'create';
	stock: 'updateAvailability' | 'getMany';
};

export type KornitxResource = keyof NodeMap;
export type KornitxOperations = { [R in KornitxResource]: NodeMap[R] };
