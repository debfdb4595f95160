/**
 * A slip as a printable page: the layout of the forms of TT 03/2025/TT-VPCP (agency name and the
 * form number at the top left and right, the national motto, the title, the numbered contents,
 * tables, the place and date, the signature blocks) on A4 with print CSS, so the browser's own
 * print dialog gives the paper form. Every value is HTML-escaped: slips print applicants' texts.
 */
import type { Slip, SlipField } from './slip.ts';

export interface SlipPageOptions {
  /** the agency issuing it (its name, upper-cased at the top left) */
  readonly agencyName: string;
  /** extra lines printed under the contents, e.g. the lookup secret on slip 01 */
  readonly notes?: readonly { readonly label: string; readonly value: string }[];
  /** the place and date line above the signatures, e.g. `Xã Mẫu, ngày 05 tháng 10 năm 2026` */
  readonly placeAndDate?: string;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

const STYLE = `
@page { size: A4; margin: 20mm 20mm 20mm 30mm; }
* { box-sizing: border-box; }
body { font-family: "Times New Roman", Times, serif; font-size: 13pt; line-height: 1.45; color: #000; margin: 0 auto; max-width: 210mm; padding: 12mm; background: #fff; }
.head { display: grid; grid-template-columns: 1fr 1.3fr; gap: 8mm; text-align: center; }
.head .agency { font-weight: bold; text-transform: uppercase; }
.head .motto strong { display: block; }
.head .motto span { display: inline-block; border-bottom: 1px solid #000; padding-bottom: 1px; font-weight: bold; }
.form-no { text-align: right; font-style: italic; font-size: 11pt; margin-bottom: 4mm; }
h1 { text-align: center; font-size: 14pt; margin: 8mm 0 6mm; }
dl { margin: 0; }
.field { display: grid; grid-template-columns: 62mm 1fr; gap: 3mm; margin: 1.5mm 0; }
.field dt { font-weight: normal; }
.field dd { margin: 0; font-weight: bold; }
table { width: 100%; border-collapse: collapse; margin: 4mm 0; font-size: 12pt; }
caption { text-align: left; font-weight: bold; margin-bottom: 2mm; }
th, td { border: 1px solid #000; padding: 1.5mm 2mm; vertical-align: top; }
th { background: #f2f2f2; }
.notes { margin-top: 4mm; border: 1px dashed #000; padding: 2mm 3mm; }
.date { text-align: right; font-style: italic; margin-top: 8mm; }
.signatures { display: flex; justify-content: space-around; margin-top: 4mm; text-align: center; }
.signatures div { min-height: 35mm; font-weight: bold; }
.signatures small { display: block; font-weight: normal; font-style: italic; }
@media print { body { padding: 0; max-width: none; } th { background: none; } }
`;

function field(item: SlipField): string {
  return `<div class="field"><dt>${escapeHtml(item.label)}:</dt><dd>${escapeHtml(item.value) || '&nbsp;'}</dd></div>`;
}

function table(slip: Slip): string {
  return slip.tables
    .map((t) => {
      const head = t.columns.map((column) => `<th scope="col">${escapeHtml(column.label)}</th>`).join('');
      const rows = t.rows.map((row) => `<tr>${t.columns.map((column) => `<td>${escapeHtml(row[column.key] ?? '')}</td>`).join('')}</tr>`).join('');
      return `<table><caption>${escapeHtml(t.label)}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
    })
    .join('');
}

/** The whole page (`<!doctype html>` … ), in Vietnamese. */
export function slipPage(slip: Slip, options: SlipPageOptions): string {
  const notes = options.notes?.length
    ? `<div class="notes">${options.notes.map((note) => `<div>${escapeHtml(note.label)}: <strong>${escapeHtml(note.value)}</strong></div>`).join('')}</div>`
    : '';
  const signatures = slip.signatures.length
    ? `<div class="signatures">${slip.signatures.map((role) => `<div>${escapeHtml(role)}<small>(Ký, ghi rõ họ tên)</small></div>`).join('')}</div>`
    : '';
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(slip.title)} – ${escapeHtml(slip.dossierCode)}</title>
<style>${STYLE}</style>
</head>
<body>
<div class="form-no">${escapeHtml(slip.template)}</div>
<header class="head">
<div class="agency">${escapeHtml(options.agencyName)}</div>
<div class="motto"><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><span>Độc lập – Tự do – Hạnh phúc</span></div>
</header>
<h1>${escapeHtml(slip.title)}</h1>
<main>
<dl>${slip.fields.map(field).join('')}</dl>
${table(slip)}
${notes}
</main>
${options.placeAndDate ? `<p class="date">${escapeHtml(options.placeAndDate)}</p>` : ''}
${signatures}
</body>
</html>
`;
}
