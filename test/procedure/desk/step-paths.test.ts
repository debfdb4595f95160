import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { ProcessModel } from '../../../engine/bpmn/model.ts';
import { compileOrThrow, equalityOf, stepPaths } from '../../../engine/index.ts';

describe('engine/procedure/desk/step-paths', () => {
  let householdBusiness: ProcessModel;
  before(async () => {
    const xml = readFileSync('processes/dang-ky-thanh-lap-ho-kinh-doanh/dang-ky-thanh-lap-ho-kinh-doanh.bpmn', 'utf8');
    householdBusiness = (await compileOrThrow(xml)).processes.dang_ky_thanh_lap_ho_kinh_doanh!;
  });

  it('reads the decision of each gateway path after the desk\'s reception step and the status it reaches', () => {
    // when the reception step's paths are read
    const paths = stepPaths(householdBusiness, 'Task_TiepNhan');
    // then accepting, guidance and refusal are found with the value the gateway compares
    expect(paths.map((path) => [path.decision?.variable, path.decision?.value, path.status, path.userTasks])).to.deep.equal([
      ['ketQuaTiepNhan', 'HOP_LE', 'DA_TIEP_NHAN', []],
      ['ketQuaTiepNhan', 'BO_SUNG', 'CHO_BO_SUNG', []],
      ['ketQuaTiepNhan', 'TU_CHOI', 'KHONG_TIEP_NHAN', []],
    ]);
  });

  it('follows a path through the steps on the way to its status', () => {
    // when the appraisal's paths are read
    const paths = stepPaths(householdBusiness, 'Task_ThamDinh');
    // then the supplement request passes the form 02 step, the refusal the drafting of the refusal
    const byValue = Object.fromEntries(paths.map((path) => [path.decision!.value, path]));
    expect(byValue.BO_SUNG).to.include({ status: 'CHO_BO_SUNG' });
    expect(byValue.BO_SUNG!.userTasks).to.deep.equal(['Task_YeuCauBoSung']);
    expect(byValue.KHONG_DAT).to.include({ status: 'DUNG_XU_LY' });
    expect(byValue.DAT!.userTasks).to.deep.equal(['Task_DuThao', 'Task_Ky']);
    // and a step without a decision has its one plain path (the return of the result)
    expect(stepPaths(householdBusiness, 'Task_TraKetQua').map((path) => [path.decision, path.status])).to.deep.equal([[undefined, 'DA_TRA_KET_QUA']]);
  });

  it('understands JUEL and FEEL equality tests only', () => {
    expect(equalityOf("${ketQua == 'DAT'}")).to.deep.equal({ variable: 'ketQua', value: 'DAT' });
    expect(equalityOf('${ketQua eq "DAT"}')).to.deep.equal({ variable: 'ketQua', value: 'DAT' });
    expect(equalityOf('=ketQua = "DAT"')).to.deep.equal({ variable: 'ketQua', value: 'DAT' });
    expect(equalityOf('${canXacMinh}')).to.equal(undefined);
    expect(equalityOf("${a == 'X' && b}")).to.equal(undefined);
  });
});
