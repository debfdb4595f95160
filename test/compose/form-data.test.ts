import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { checkFormData, parseForm } from '../../engine/index.ts';

const form = (path: string) => parseForm(path, readFileSync(path, 'utf8'));
const appraisal = form('processes/dang-ky-thanh-lap-ho-kinh-doanh/tham-dinh.form');
const registry = form('processes/dang-ky-khai-sinh/ghi-so.form');
const search = form('processes/cap-phieu-ly-lich-tu-phap/tra-cuu.form');
const signature = form('processes/dang-ky-thanh-lap-ho-kinh-doanh/ky.form');

const fields = (problems: { field: string }[]) => problems.map((problem) => problem.field);

describe('engine/compose/form-data: task data checked against its form', () => {
  it('accepts valid data and submits only the shown fields', () => {
    const checked = checkFormData(appraisal, { ketQuaThamDinh: 'DAT', yKienThamDinh: 'Đủ điều kiện' });
    expect(checked.problems).to.deep.equal([]);
    expect(checked.data).to.deep.equal({ ketQuaThamDinh: 'DAT', yKienThamDinh: 'Đủ điều kiện' });
  });

  it('requires a field only while the form shows it (conditional.hide in FEEL)', () => {
    expect(fields(checkFormData(appraisal, { ketQuaThamDinh: 'BO_SUNG' }).problems)).to.deep.equal(['lyDo']);
    const hidden = checkFormData(appraisal, { ketQuaThamDinh: 'DAT', lyDo: 'không cần' });
    expect(hidden.problems).to.deep.equal([]);
    expect(hidden.data).to.not.have.property('lyDo');
  });

  it('checks allowed values, lengths, patterns, lists, check boxes and unknown keys', () => {
    expect(fields(checkFormData(appraisal, { ketQuaThamDinh: 'CO', lyDo: 'Thiếu giấy tờ' }).problems)).to.deep.equal(['ketQuaThamDinh']);
    expect(fields(checkFormData(appraisal, { ketQuaThamDinh: 'KHONG_DAT', lyDo: 'ab' }).problems)).to.deep.equal(['lyDo']);
    expect(fields(checkFormData(registry, { soDinhDanhCaNhan: '12345' }).problems)).to.deep.equal(['soDinhDanhCaNhan']);
    expect(fields(checkFormData(registry, { soDinhDanhCaNhan: 123456789012 }).problems)).to.deep.equal(['soDinhDanhCaNhan']);
    expect(fields(checkFormData(search, { canXacMinh: true, coQuanXacMinh: ['CONG_AN_TINH', 'BO_QUOC_PHONG'] }).problems)).to.deep.equal(['coQuanXacMinh']);
    expect(fields(checkFormData(search, { canXacMinh: true }).problems)).to.deep.equal(['coQuanXacMinh']);
    expect(checkFormData(search, { canXacMinh: false }).problems).to.deep.equal([]);
    expect(fields(checkFormData(signature, { daKy: false }).problems)).to.deep.equal(['daKy']);
    expect(fields(checkFormData(signature, { daKy: true, dossier: {} }).problems)).to.deep.equal(['dossier']);
  });
});
