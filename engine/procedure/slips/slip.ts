/**
 * A slip (phiếu) of DOMAIN.md §5 as plain data the UI prints: labelled fields, tables and
 * signature blocks, with Vietnamese labels. Values are display texts; `raw` keeps the machine
 * value (ISO instants, numbers) for a template that formats them itself. Builders are pure: the
 * same dossier (and history) always gives the same slip.
 */

/** The forms of TT 03/2025/TT-VPCP, Phụ lục I. */
export const SlipForm = {
  /** Giấy tiếp nhận hồ sơ và hẹn trả kết quả */
  Receipt: '01',
  /** Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ */
  SupplementRequest: '02',
  /** Phiếu từ chối tiếp nhận giải quyết hồ sơ */
  Refusal: '03',
  /** Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết */
  ApologyExtension: '04',
  /** Thông báo dừng giải quyết hồ sơ */
  StopNotice: '05',
  /** Phiếu kiểm soát quá trình giải quyết hồ sơ */
  ProcessControl: '06',
  /** Sổ theo dõi hồ sơ */
  Register: '07',
} as const;
export type SlipForm = (typeof SlipForm)[keyof typeof SlipForm];

export interface SlipField {
  /** a stable key for templates, e.g. `dueAt` */
  readonly key: string;
  /** the Vietnamese label printed, e.g. `Hẹn trả kết quả` */
  readonly label: string;
  readonly value: string;
  readonly raw?: string | number | boolean;
}

export interface SlipTable {
  readonly key: string;
  readonly label: string;
  readonly columns: readonly { readonly key: string; readonly label: string }[];
  readonly rows: readonly Readonly<Record<string, string>>[];
}

export interface Slip {
  readonly form: SlipForm;
  /** the title printed at the top */
  readonly title: string;
  /** which form of which circular */
  readonly template: string;
  /** the dossier it is about */
  readonly dossierCode: string;
  readonly fields: readonly SlipField[];
  readonly tables: readonly SlipTable[];
  /** the signature blocks, left to right */
  readonly signatures: readonly string[];
}

/** `Mẫu số 01 – Thông tư 03/2025/TT-VPCP` */
export function templateOf(form: SlipForm): string {
  return `Mẫu số ${form} – Thông tư 03/2025/TT-VPCP`;
}

/** The field of `slip` with this key (handy in templates and tests). */
export function slipField(slip: Slip, key: string): SlipField | undefined {
  return slip.fields.find((field) => field.key === key);
}
