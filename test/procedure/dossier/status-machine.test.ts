import { expect } from 'chai';
import {
  DOSSIER_STATUS_LABEL,
  DOSSIER_STATUSES,
  DossierStatus as S,
  NATIONAL_STATUS_CODE,
  TERMINAL_STATUSES,
} from '../../../engine/procedure/dossier/dossier-status.ts';
import { transitionProblem } from '../../../engine/procedure/dossier/status-machine.ts';

describe('engine/procedure/dossier/dossier-status', () => {
  it('maps every motcua status to its national TrangThaiHoSo code (DOMAIN §2) and a Vietnamese label', () => {
    // given the table of DOMAIN.md §2
    const domain = [
      ['MOI_DANG_KY', 1], ['DA_TIEP_NHAN', 2], ['KHONG_TIEP_NHAN', 3], ['DANG_XU_LY', 4], ['CHO_BO_SUNG', 5],
      ['CHO_NGHIA_VU_TAI_CHINH', 6], ['YEU_CAU_RUT', 7], ['DUNG_XU_LY', 8], ['DA_XU_LY_XONG', 9], ['DA_TRA_KET_QUA', 10],
    ];
    // when the engine's statuses are read
    // then they are exactly those, with those codes, the final ones 3, 8 and 10
    expect(DOSSIER_STATUSES.map((status) => [status, NATIONAL_STATUS_CODE[status]])).to.deep.equal(domain);
    expect(TERMINAL_STATUSES.map((status) => NATIONAL_STATUS_CODE[status]).sort((a, b) => a - b)).to.deep.equal([3, 8, 10]);
    expect(DOSSIER_STATUSES.filter((status) => !DOSSIER_STATUS_LABEL[status])).to.deep.equal([]);
  });
});

describe('engine/procedure/dossier/status-machine', () => {
  it('allows the whole ordinary life: submitted, accepted, processing, supplement, result, returned', () => {
    // given the statuses of a dossier with one supplement round trip
    const path = [S.MoiDangKy, S.DaTiepNhan, S.DangXuLy, S.ChoBoSung, S.DangXuLy, S.ChoNghiaVuTaiChinh, S.DangXuLy, S.DaXuLyXong, S.DaTraKetQua];
    // when each step is checked (accepted from the second status on)
    const problems = path.slice(1).map((to, i) => transitionProblem(path[i], to, i > 0));
    // then none is refused
    expect(problems).to.deep.equal(path.slice(1).map(() => undefined));
  });

  it('refuses returning a result before it is ready', () => {
    // given a dossier being processed
    // when the diagram returns the result (DA_TRA_KET_QUA) before DA_XU_LY_XONG
    const problem = transitionProblem(S.DangXuLy, S.DaTraKetQua, true);
    // then it is refused with the rule
    expect(problem).to.match(/only once it is ready \(DA_XU_LY_XONG\)/);
  });

  it('lets nothing follow a final status', () => {
    // given the final statuses
    for (const from of [S.KhongTiepNhan, S.DungXuLy, S.DaTraKetQua]) {
      // when anything is asked after them
      for (const to of [S.DangXuLy, S.DaXuLyXong, S.YeuCauRut]) {
        // then it is refused
        expect(transitionProblem(from, to, true), `${from} → ${to}`).to.match(/is final/);
      }
    }
  });

  it('needs acceptance before processing, and accepts only once', () => {
    // given a submitted dossier, then an accepted one
    // when processing starts without acceptance, and acceptance comes again later
    const early = transitionProblem(S.MoiDangKy, S.DangXuLy, false);
    const twice = transitionProblem(S.DangXuLy, S.DaTiepNhan, true);
    // then both are refused, saying why
    expect(early).to.match(/not accepted yet: enter an element with DA_TIEP_NHAN first/);
    expect(twice).to.match(/accepted already/);
  });

  it('allows guidance at the desk (a supplement before acceptance) followed by acceptance or refusal', () => {
    // given a submitted dossier that gets form 02 at the desk
    // when it is resubmitted and then accepted, or refused instead
    const guided = transitionProblem(S.MoiDangKy, S.ChoBoSung, false);
    const accepted = transitionProblem(S.ChoBoSung, S.DaTiepNhan, false);
    const refused = transitionProblem(S.ChoBoSung, S.KhongTiepNhan, false);
    // then all three are allowed, but a result cannot be ready any more once it is
    expect([guided, accepted, refused]).to.deep.equal([undefined, undefined, undefined]);
    expect(transitionProblem(S.DaXuLyXong, S.DungXuLy, true)).to.match(/return it/);
  });
});
