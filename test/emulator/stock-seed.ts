import type { EmulatorStockProduct } from './types';

/** Dropship (fulfiller) company refs the seeded stock belongs to. */
export const STOCK_DROPSHIP_REFS = {
	printStreet: 'DS-PRINTSTREET',
	mugsAndMore: 'DS-MUGSMORE',
} as const;

/** Stock products with realistic fulfiller SKUs and EAN-13 barcodes; `changed_at` fixed so filters are testable. */
export function buildSeedStock(): EmulatorStockProduct[] {
	const rows: Array<[string, string, string, number, number, number, string, string]> = [
		// supplier_sku, retail_sku, barcode, quantity, lead days, daily capacity, dropship, changed_at
		[
			'TSHIRT-BLK-S',
			'PS-TEE-BLK-S',
			'5012345678900',
			140,
			2,
			400,
			STOCK_DROPSHIP_REFS.printStreet,
			'2026-11-20 08:00:00',
		],
		[
			'TSHIRT-BLK-M',
			'PS-TEE-BLK-M',
			'5012345678917',
			220,
			2,
			400,
			STOCK_DROPSHIP_REFS.printStreet,
			'2026-11-25 08:00:00',
		],
		[
			'TSHIRT-BLK-L',
			'PS-TEE-BLK-L',
			'5012345678924',
			0,
			5,
			400,
			STOCK_DROPSHIP_REFS.printStreet,
			'2026-11-28 12:30:00',
		],
		[
			'HOODIE-NVY-M',
			'PS-HOOD-NVY-M',
			'5012345678931',
			35,
			3,
			120,
			STOCK_DROPSHIP_REFS.printStreet,
			'2026-11-29 16:45:00',
		],
		[
			'SGS7E-CS-G-TEST',
			'PHONE-CASE-S7E',
			'1234567891011',
			101,
			1,
			250,
			STOCK_DROPSHIP_REFS.printStreet,
			'2026-11-30 09:00:00',
		],
		[
			'MUG-11OZ-WHT',
			'MM-MUG-11-WHT',
			'4006381333931',
			600,
			1,
			1000,
			STOCK_DROPSHIP_REFS.mugsAndMore,
			'2026-11-18 07:00:00',
		],
		[
			'MUG-15OZ-BLK',
			'MM-MUG-15-BLK',
			'4006381333948',
			75,
			2,
			500,
			STOCK_DROPSHIP_REFS.mugsAndMore,
			'2026-11-27 10:15:00',
		],
		[
			'TOTE-NAT-STD',
			'MM-TOTE-NAT',
			'4006381333955',
			0,
			7,
			200,
			STOCK_DROPSHIP_REFS.mugsAndMore,
			'2026-12-01 06:00:00',
		],
	];
	return rows.map(
		([supplierSku, retailSku, barcode, quantity, lead, capacity, dropship, changed], index) => ({
			id: 880001 + index,
			supplier_sku: supplierSku,
			retail_sku: retailSku,
			barcode,
			quantity_available: quantity,
			lead_time_days: lead,
			daily_capacity: capacity,
			dropship_ref: dropship,
			changed_at: changed,
		}),
	);
}

/** `count` more stock products (BULK-SKU-000…), e.g. for a large sync; push them onto `emu.stock`. */
export function bulkStockProducts(count: number): EmulatorStockProduct[] {
	return Array.from({ length: count }, (_, i) => ({
		id: 990000 + i,
		supplier_sku: `BULK-SKU-${String(i).padStart(3, '0')}`,
		retail_sku: `R-${i}`,
		barcode: String(7000000000000 + i),
		quantity_available: 0,
		lead_time_days: 1,
		daily_capacity: 10,
		dropship_ref: STOCK_DROPSHIP_REFS.printStreet,
		changed_at: '2026-11-01 00:00:00',
	}));
}
