import { expect } from 'chai';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { catalogCsv } from '../../../engine/procedure/catalog/catalog-csv.ts';
import { checkProcedureBpmn } from '../../../engine/procedure/catalog/diagram-check.ts';
import { loadCatalog } from '../../../engine/procedure/catalog/load-catalog.ts';
import type { ProcedureRecord } from '../../../engine/procedure/catalog/procedure-record.ts';
import { MotcuaError } from '../../../engine/errors.ts';
import { fixtureCatalog, fixtureRecords, sampleRecord, SCENARIOS } from '../support/sample-dossier.ts';
import { tempFolderPerTest } from '../support/temp-folder.ts';

describe('engine/procedure/catalog files, CSV and diagram check', () => {
  const tempFolder = tempFolderPerTest('motcua-catalog-');

  it('loads procedure.json files from a folder tree (one record or a list of versions per file)', async () => {
    const folder = tempFolder();
    // given processes/<procedure>/procedure.json files, one holding two versions
    const [a, b] = fixtureRecords();
    await mkdir(join(folder, 'ho-kinh-doanh'));
    await mkdir(join(folder, 'ly-lich-tu-phap'));
    await writeFile(join(folder, 'ho-kinh-doanh', 'procedure.json'), JSON.stringify(a));
    await writeFile(join(folder, 'ly-lich-tu-phap', 'procedure.json'), JSON.stringify([b, { ...b, version: 2, effectiveFrom: '2026-01-01' }]));
    await writeFile(join(folder, 'ly-lich-tu-phap', 'notes.json'), '{ "not": "a procedure" }');
    // when the folder is loaded
    const catalog = await loadCatalog([folder]);
    // then every record is there (other JSON files are not catalog files)
    expect(catalog.exportJson().procedures.map((record) => `${record.code}@${record.version}`)).to.deep.equal(['1.001612@1', '2.000488@1', '2.000488@2']);
  });

  it('names the file and the field of a bad record, and loads nothing', async () => {
    const folder = tempFolder();
    // given a good file and one whose record lacks its legal basis
    const { legalBasis: _l, ...bad } = sampleRecord();
    await writeFile(join(folder, 'a.procedure.json'), JSON.stringify(fixtureRecords()[0]));
    await writeFile(join(folder, 'b.procedure.json'), JSON.stringify(bad));
    // when the folder is loaded
    const error = await loadCatalog([folder]).catch((caught: MotcuaError) => caught);
    // then the error names the file and the field
    expect(error).to.be.instanceOf(MotcuaError);
    expect((error as MotcuaError).message).to.match(/b\.procedure\.json: legalBasis: required/);
    expect((error as MotcuaError).field).to.match(/b\.procedure\.json: legalBasis$/);
  });

  it('exports the list view as CSV with Vietnamese headers, quoting what needs it', async () => {
    // given a record whose name holds a comma and quotes
    const record = { ...fixtureRecords()[0], name: 'Đăng ký "hộ" kinh doanh, cấp xã' } as ProcedureRecord;
    // when exported
    const csv = catalogCsv([record, ...fixtureCatalog().list()]);
    const [header, first, , third] = csv.split('\r\n');
    // then the header is Vietnamese, fields are RFC 4180 quoted, periods are written out
    expect(header).to.equal('Mã thủ tục,Phiên bản,Tên thủ tục,Cấp thực hiện,Lĩnh vực,Cơ quan thực hiện,Thời hạn (kênh 1),Thời hạn (kênh 2),Thời hạn (kênh 3),Lệ phí (đồng),Mức độ trực tuyến,Hiệu lực từ,Hiệu lực đến,Quy trình BPMN');
    expect(first).to.equal(
      '1.001612,1,"Đăng ký ""hộ"" kinh doanh, cấp xã",XA,G09.20 Thành lập và hoạt động của hộ kinh doanh,Ủy ban nhân dân cấp xã,3 ngày làm việc,3 ngày làm việc,,100000 / 50000,TOAN_TRINH,2025-07-01,,Process_HoSo',
    );
    expect(third).to.match(/^2\.000488,1,Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam,TINH,Lý lịch tư pháp,Sở Tư pháp,10 ngày làm việc,10 ngày làm việc,10 ngày làm việc,200000 \/ 100000,/);
    expect(csv.endsWith('\r\n')).to.equal(true);
  });

  it('warns when the step budgets along the main path exceed the legal time, naming the path', async () => {
    // given the test diagram: Thẩm định 8 + Phê duyệt 1 working days, and two procedures of 3 and 10 working days
    const xml = await readFile(join(SCENARIOS, 'ho-so.bpmn'), 'utf8');
    const [threeDays, tenDays] = fixtureRecords();
    // when each is checked against it
    const short = await checkProcedureBpmn(threeDays, xml);
    const long = await checkProcedureBpmn(tenDays, xml);
    // then the 3-day one gets a warning per channel, the 10-day one none
    expect(short.filter((problem) => problem.code === 'BUDGET_EXCEEDS_LEGAL_TIME').map((problem) => problem.message)).to.deep.equal([
      'step budgets along Task_ThamDinh → Task_PheDuyet add up to 9 working days, more than the legal time 3 working days of channel 1',
      'step budgets along Task_ThamDinh → Task_PheDuyet add up to 9 working days, more than the legal time 3 working days of channel 2',
    ]);
    expect(short.every((problem) => problem.severity === 'warning')).to.equal(true);
    expect(long).to.deep.equal([]);
  });

  it('errors on a dossier status that does not exist, warns when nothing accepts, and on a process key mismatch', async () => {
    // given the test diagram with a misspelt status and without its acceptance element
    const xml = (await readFile(join(SCENARIOS, 'ho-so.bpmn'), 'utf8'))
      .replace('motcua:dossierStatus="DA_TIEP_NHAN"', '')
      .replace('motcua:dossierStatus="DA_XU_LY_XONG"', 'motcua:dossierStatus="DA_XONG"');
    // when checked against its record, and against a record naming another process
    const problems = await checkProcedureBpmn(fixtureRecords()[1], xml);
    const other = await checkProcedureBpmn({ ...fixtureRecords()[1], process: { key: 'Process_Khac' } }, xml);
    // then the element is named
    expect(problems.map((problem) => [problem.severity, problem.code, problem.elementId])).to.deep.equal([
      ['error', 'DOSSIER_STATUS_INVALID', 'Event_CoKetQua'],
      ['warning', 'NO_ACCEPTANCE', 'Process_HoSo'],
    ]);
    expect(other.map((problem) => problem.message)).to.deep.equal(['procedure 2.000488 runs process Process_Khac, which the file does not hold (it has Process_HoSo)']);
  });
});
