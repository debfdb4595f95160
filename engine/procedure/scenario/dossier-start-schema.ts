/**
 * The `start.dossier` key a scenario gains with the procedure extension: run the scenario as a
 * dossier received through `DossierService.receive` at `start.at`.
 *
 * ```yaml
 * start:
 *   at: "2026-10-05T08:00:00+07:00"
 *   dossier:
 *     procedure: "1.001612"        # catalog code (required)
 *     channel: 2                   # 1 desk (default), 2 online, 3 post
 *     agency: "000.00.53.H48"      # receiving agency code (required)
 *     handlingAgency: "…"          # optional, default the receiving agency
 *     applicant: { name: "Nguyễn Văn A", idNumber: "001099000001" }   # optional
 *     components: [{ name: "Giấy đề nghị", digitised: true }]       # optional
 *     fees: { paid: true, paidOnline: true }                           # optional
 *     catalog: ./procedure.json    # optional: a catalog file or folder, relative to the scenario
 * ```
 */
import type { JsonSchema } from '../../scenario/scenario-schema.ts';
import { AGENCY, COMPONENTS_SCHEMA, FEES_SCHEMA, TEXT } from '../dossier/receive-input.ts';

export interface DossierStart {
  readonly procedure: string;
  readonly channel?: 1 | 2 | 3;
  readonly agency: string;
  readonly handlingAgency?: string;
  readonly applicant?: { readonly name: string; readonly [key: string]: unknown };
  readonly components?: readonly { readonly name: string; readonly digitised?: boolean; readonly reused?: boolean; readonly quantity?: number }[];
  readonly fees?: { readonly paid?: boolean; readonly paidOnline?: boolean };
  readonly catalog?: string;
}

export const DOSSIER_START_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'a mapping with procedure, agency and optional channel, handlingAgency, applicant, components, fees, catalog',
  required: ['procedure', 'agency'],
  additionalProperties: false,
  properties: {
    procedure: { type: 'string', minLength: 1, description: 'a procedure code from the catalog, e.g. "1.001612"' },
    channel: { enum: [1, 2, 3] },
    agency: AGENCY,
    handlingAgency: AGENCY,
    applicant: {
      type: 'object',
      description: 'a mapping with name and optional idNumber, address, phone, email, type, onBehalfOf',
      required: ['name'],
      additionalProperties: false,
      properties: { name: TEXT, idNumber: TEXT, address: TEXT, phone: TEXT, email: TEXT, type: TEXT, onBehalfOf: TEXT },
    },
    components: COMPONENTS_SCHEMA,
    fees: FEES_SCHEMA,
    catalog: { type: 'string', minLength: 1, description: 'a path to a procedure.json file or a folder' },
  },
};
